"""Where a practice's plan is kept, and how it is read, set aside and saved.

The plan sits beside the practice's results (``<practice>.plan.json`` in the results
folder), is written atomically (``results.store``), and is changed only while its
lock is held, so two edits at once cannot overwrite each other: the second is refused.
A plan file that was edited by hand into a shape readiness cannot read is renamed
aside (``….corrupt-<time>``) with a warning, as a damaged draft is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from msgspec import Struct

from readiness.decoding import located_problem
from readiness.errors import InvalidFileError, Problem
from readiness.files import parse_json, read_bytes
from readiness.plans.progress import Progress, progress
from readiness.plans.records import Plan, PracticeRef, plan_from_json, plan_json
from readiness.results import store
from readiness.results.identity import practice_key
from readiness.results.record import ResultFile

WHAT = "action plan"


class SetAside(Struct, frozen=True):
    """A damaged plan file, renamed so that a new plan can be made."""

    original: Path
    moved_to: Path | None  # None: it could not be renamed
    reason: str

    def warning(self) -> str:
        where = (
            f"it was moved aside to {self.moved_to.name}, in {self.moved_to.parent}"
            if self.moved_to
            else "it was left where it is"
        )
        return (
            f"Warning: the action plan {self.original.name} could not be read ({self.reason}); "
            f"{where}, and a new plan starts."
        )


class Loaded(Struct, frozen=True):
    plan: Plan | None
    set_aside: SetAside | None = None


def plan_key(practice: PracticeRef) -> str:
    """The plan's file-name key: the practice's ODS code, else its name."""
    if practice.ods_code:
        return store.slug(practice.ods_code)
    return store.slug(practice.name or "", fallback="unnamed-practice")


def plan_path(practice: PracticeRef) -> Path:
    return store.results_dir() / f"{plan_key(practice)}{store.PLAN_SUFFIX}"


def read_plan(path: Path) -> Plan:
    """Read and check a plan file; ``InvalidFileError`` saying what is wrong, and where."""
    import msgspec

    raw = read_bytes(path, what=WHAT)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidFileError([Problem("the file is not UTF-8 text", path)], what=WHAT) from None
    data = parse_json(text, path, what=WHAT)
    try:
        return plan_from_json(data)
    except msgspec.ValidationError as error:
        from readiness.questionnaire.yamlsafe import parse_json_document  # only for bad files

        document = parse_json_document(text, path, what=WHAT)
        problem = located_problem(document, data, str(error), check=plan_from_json)
        raise InvalidFileError([problem], what=WHAT) from None


def load_plan(practice: PracticeRef) -> Loaded:
    """The practice's plan (None if it has none); a damaged one is set aside."""
    path = plan_path(practice)
    if not path.exists():
        return Loaded(None)
    try:
        plan = read_plan(path)
    except InvalidFileError as error:
        reason = error.problems[0].message if error.problems else "it is damaged"
        return Loaded(None, SetAside(path, store.set_aside(path), reason))
    if practice_key(plan.practice.ods_code, plan.practice.name) != practice_key(
        practice.ods_code, practice.name
    ):
        reason = "it is for another practice"
        return Loaded(None, SetAside(path, store.set_aside(path), reason))
    return Loaded(plan)


def current_plan(practice: PracticeRef) -> Plan | None:
    """The practice's plan for a report, or None (a damaged one is left for 'plan' to set aside)."""
    path = plan_path(practice)
    if not path.exists():
        return None
    try:
        plan = read_plan(path)
    except InvalidFileError:
        return None
    same = practice_key(plan.practice.ods_code, plan.practice.name) == practice_key(
        practice.ods_code, practice.name
    )
    return plan if same else None


def progress_since(earlier: ResultFile | None, result: ResultFile) -> Progress | None:
    """The "Since last time" progress of the practice's plan and targets, if any."""
    if earlier is None:
        return None
    practice = result.practice
    plan = current_plan(PracticeRef(name=practice.name, ods_code=practice.ods_code))
    return progress(plan=plan, earlier=earlier, current=result)


def save_plan(plan: Plan) -> Path:
    """Write the plan atomically beside the practice's results."""
    path = plan_path(plan.practice)
    store.ensure_dir(path.parent)
    store.write_atomic(path, plan_json(plan))
    return path


@contextlib.contextmanager
def editing(practice: PracticeRef) -> Iterator[Path]:
    """Hold the plan's lock while it is edited: a second edit at once is refused."""
    path = plan_path(practice)
    lock = path.with_name(path.name + ".lock")
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(store.exclusive_lock(lock, describe="the action plan"))
        except store.Locked as error:
            raise store.Locked(
                "The action plan is already being changed in another window (process "
                f"{error.holder.pid} on {error.holder.host}), so this edit stops here: two "
                "edits at once would lose one of them.",
                holder=error.holder,
                hint="Finish in the other window first, then run 'readiness plan edit' again.",
            ) from None
        yield path
