"""Where questionnaires are: the bundled ones, the user's own, and a name or folder given.

Bundled questionnaires ship inside the package (a source checkout reads the
top-level ``questionnaires/`` folder); a user's own live in ``questionnaires/``
in the readiness folder and are found by name, or by path.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct

from readiness.errors import InvalidFileError, Problem, UsageError
from readiness.questionnaire.yamlsafe import load_yaml

MANIFEST = "questionnaire.yaml"
BUNDLED_DEFAULT = "integration-readiness"


def bundled_root() -> Path:
    """The folder of questionnaires shipped with the tool.

    In a wheel they sit inside the package; in a source checkout (an editable
    install) they are the top-level ``questionnaires/`` folder.
    """
    # The package's own folder: readiness is always installed as files on disk (a zip
    # import could not open the questionnaires as folders anyway), and importlib.resources
    # would bring tempfile and zipfile into every command.
    packaged = Path(__file__).resolve().parents[1] / "questionnaires"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "questionnaires"


def bundled_names() -> list[str]:
    return list(_named(bundled_root()))


def user_root() -> Path:
    """Where a user keeps their own questionnaires: ``questionnaires/`` in the store."""
    from readiness.results.store import home

    return home() / "questionnaires"


def _named(root: Path) -> dict[str, Path]:
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.iterdir()) if (p / MANIFEST).is_file()}


class Listing(Struct, frozen=True):
    """A questionnaire as ``readiness questionnaires list`` shows it."""

    id: str
    version: str
    title: str
    origin: str  # "bundled" or "yours"
    path: str


def available() -> list[Listing]:
    """Bundled and user questionnaires, read quickly from their manifests only.

    A broken manifest is listed with its problem as the title.
    """
    found = []
    for origin, root in (("bundled", bundled_root()), ("yours", user_root())):
        for folder in _named(root).values():
            fields = {"id": folder.name, "version": "?", "title": "?"}
            try:
                data = load_yaml(folder / MANIFEST, what="manifest").data
            except InvalidFileError as error:
                fields["title"] = f"cannot be read: {error.problems[0]}"
            else:
                if isinstance(data, dict):
                    fields.update({key: str(data[key]) for key in fields if key in data})
            found.append(Listing(origin=origin, path=str(folder), **fields))
    return found


def resolve(name_or_path: str | Path | None) -> Path:
    """The folder of a questionnaire given by bundled name, folder or manifest path."""
    if name_or_path is None or str(name_or_path) == "":
        return bundled_root() / BUNDLED_DEFAULT
    candidate = Path(name_or_path).expanduser()
    if candidate.is_file():
        return candidate.parent
    if candidate.is_dir():
        return candidate
    for root in (user_root(), bundled_root()):
        named = _named(root)
        if str(name_or_path) in named:
            return named[str(name_or_path)]
    names = ", ".join([*bundled_names(), *_named(user_root())]) or "none"
    raise UsageError(
        f"There is no questionnaire called '{name_or_path}'.",
        hint=f"Give a folder or a questionnaire.yaml file, or a bundled name ({names}).",
    )


def folder_with_manifest(name_or_path: str | Path | None) -> Path:
    """The questionnaire's folder, refusing one without a manifest."""
    folder = resolve(name_or_path)
    if not (folder / MANIFEST).is_file():
        raise InvalidFileError(
            [Problem(f"no {MANIFEST} here: a questionnaire folder needs one", folder)],
            what="questionnaire",
        )
    return folder
