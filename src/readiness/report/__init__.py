"""Reports, one module per format: ``result/`` for one practice, ``network/`` for a comparison.

``formats`` says which format a ``--format`` or ``--out`` name means; this module
turns a result or a comparison into that format's text. Every format is
deterministic: the same input gives the same bytes, with no time in it but the
result's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

    from readiness.network.records import NetworkComparison
    from readiness.plans.progress import Progress
    from readiness.plans.records import Plan
    from readiness.results.diff import Changes
    from readiness.results.record import ResultFile

# Plain-text copies of on-screen reports are laid out for this width.
TEXT_WIDTH = 80


def render_file(
    result: ResultFile,
    fmt: str,
    *,
    changes: Changes | None = None,
    progress: Progress | None = None,
) -> str:
    """One practice's report as the text of a file (CSV starts with a byte-order mark)."""
    if fmt == "json":
        from readiness.results.record import result_json

        return result_json(result)
    if fmt == "html":
        from readiness.report.result import html

        return html.render(result, changes=changes, progress=progress)
    if fmt == "md":
        from readiness.report.result import markdown

        return markdown.render(result, changes=changes, progress=progress)
    if fmt == "csv":
        from readiness.report.result import csv

        return csv.render(result)
    return plain_text(result, changes=changes, progress=progress)


def render_network(comparison: NetworkComparison, fmt: str) -> bytes:
    """A comparison in a file format, as bytes (text formats in UTF-8)."""
    if fmt == "xlsx":
        from readiness.report.network import xlsx

        return xlsx.render(comparison)
    if fmt == "csv":
        from readiness.report.network import csv

        text = csv.render(comparison)
    elif fmt == "long-csv":
        from readiness.report.network import longcsv

        text = longcsv.render(comparison)
    elif fmt == "html":
        from readiness.report.network import html

        text = html.render(comparison)
    elif fmt == "json":
        from readiness.report.network import json

        text = json.render(comparison)
    else:
        from readiness.report.network import terminal

        text = plain(terminal.render(comparison, plain=True, width=TEXT_WIDTH))
    return text.encode("utf-8")


def render_plan(plan: Plan, fmt: str, *, on: str) -> bytes:
    """An action plan as a file, by due month then impact (text formats in UTF-8)."""
    if fmt == "xlsx":
        from readiness.report.plan import xlsx

        return xlsx.render(plan, on=on)
    if fmt == "csv":
        from readiness.report.plan import csv

        text = csv.render(plan, on=on)
    elif fmt == "html":
        from readiness.report.plan import html

        text = html.render(plan, on=on)
    else:
        from readiness.report.plan import markdown

        text = markdown.render(plan, on=on)
    return text.encode("utf-8")


def plain_text(
    result: ResultFile, *, changes: Changes | None = None, progress: Progress | None = None
) -> str:
    """The terminal report as plain text, 80 columns wide."""
    from readiness.report.result.terminal import report

    return plain(report(result, changes=changes, progress=progress, plain=False))


def plain(renderable: RenderableType, *, width: int = TEXT_WIDTH) -> str:
    """Anything shown on screen as plain text: no colour, no trailing spaces."""
    import io

    from readiness.screen import SafeConsole

    buffer = io.StringIO()
    console = SafeConsole(
        file=buffer,
        width=width,
        no_color=True,
        force_terminal=False,
        color_system=None,
        legacy_windows=False,
    )
    console.print(renderable)
    lines = buffer.getvalue().splitlines()
    return "\n".join(line.rstrip() for line in lines) + "\n"
