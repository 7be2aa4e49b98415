"""Score reports, one module per format. Each turns a ``ResultFile`` into text or bytes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from readiness.errors import UsageError

if TYPE_CHECKING:
    from readiness.result import ResultFile

FILE_FORMATS = ("json",)
_EXTENSIONS = {".json": "json"}


def infer_format(out: Path | None, requested: str | None) -> str:
    """The export format: as asked, else from the --out file's extension, else JSON."""
    if requested:
        if requested not in FILE_FORMATS:
            raise UsageError(f"'{requested}' is not a report format.",
                             hint=f"Use one of: {', '.join(FILE_FORMATS)}.")
        return requested
    if out is not None and out.suffix.lower() in _EXTENSIONS:
        return _EXTENSIONS[out.suffix.lower()]
    return "json"


def render_file(result: ResultFile, fmt: str) -> str:
    """The report in a file format."""
    from readiness.result import result_json

    if fmt == "json":
        return result_json(result)
    raise UsageError(f"'{fmt}' is not a report format.")
