"""Drafts: an unfinished interview kept on disk so that no answer is ever lost.

One JSON file per questionnaire, practice and respondent: in a folder per
questionnaire under ``store.drafts_dir()``, named by the practice's ODS code (or
its name) and the respondent, written atomically after every answer. While an
interview runs it holds the draft's lock file (``hold``), so a second window for
the same draft is refused rather than overwriting it. A draft holds the
practice details, the answers so far, where the interview had got to, and which
questionnaire (id, version, sha256) it was for. Drafts live apart from results, so
a draft can never overwrite a finished result; it is removed once the result is saved.

Reading a draft checks every answer against the questionnaire as it is now: answers
to questions that are gone, or no longer fit, are dropped and listed. A damaged
draft is renamed aside (``<name>.corrupt-<time>``) rather than blocking a fresh start.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readiness.errors import InvalidFileError, Problem, ReadinessError
from readiness.files import parse_json, read_bytes
from readiness.months import parse_month
from readiness.questionnaire.answers import (
    AnswerProblem,
    answer_to_data,
    answers_to_data,
    check_answer,
    check_note,
    check_target,
)
from readiness.questionnaire.model import (
    DONT_KNOW_TEXT,
    Answer,
    Practice,
    Questionnaire,
    Target,
)
from readiness.results import store
from readiness.results.identity import now_utc, parse_time

DRAFT_KIND = "readiness-draft"
DRAFT_FORMAT = 1
UNNAMED_KEY = "unnamed-practice"
PRACTICE_KEYS = ("name", "ods_code", "pcn", "respondent")


@dataclass(frozen=True, slots=True)
class Draft:
    """An unfinished interview."""

    practice: Practice
    answers: Mapping[str, Answer]
    position: str | None  # the question to ask next; None: the review
    domains: tuple[str, ...]
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_sha256: str
    saved_at: str
    notes: Mapping[str, str] = field(default_factory=dict)
    targets: Mapping[str, Target] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return draft_key(self.practice)

    @property
    def path(self) -> Path:
        """Where it is saved: by questionnaire, practice and respondent."""
        return draft_path(self.key, self.questionnaire_id)


@dataclass(frozen=True, slots=True)
class Dropped:
    """An answer in a draft that no longer fits the questionnaire, and why."""

    question_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Resumed:
    """A draft read back, with the answers it had to drop."""

    path: Path
    draft: Draft
    dropped: tuple[Dropped, ...]
    questionnaire_changed: bool


@dataclass(frozen=True, slots=True)
class SetAside:
    """A damaged draft, renamed so that it no longer blocks a fresh start."""

    original: Path
    moved_to: Path | None  # None: it could not be renamed
    reason: str


@dataclass(frozen=True, slots=True)
class Found:
    """The drafts for a questionnaire, and any damaged ones that were set aside."""

    drafts: tuple[Resumed, ...]
    set_aside: tuple[SetAside, ...]


def draft_key(practice: Practice) -> str:
    """The file-name key of a practice's draft: its ODS code, else its name.

    With a respondent the key names them too, so that two people answering for
    one practice keep separate drafts.
    """
    if practice.ods_code:
        key = store.slug(practice.ods_code)
    elif practice.name:
        key = store.slug(practice.name, fallback=UNNAMED_KEY)
    else:
        key = UNNAMED_KEY
    if practice.respondent:
        key += "-" + store.slug(practice.respondent, fallback="respondent")
    return key


def draft_folder(questionnaire_id: str) -> Path:
    """The drafts of one questionnaire: another questionnaire's drafts are never touched."""
    return store.drafts_dir() / store.slug(questionnaire_id, fallback="questionnaire")


def draft_path(key: str, questionnaire_id: str) -> Path:
    return draft_folder(questionnaire_id) / f"{key}.json"


def saved_when(draft: Draft) -> str:
    """When the draft was saved, in local time: "15 January 2026 at 10:30"."""
    try:
        moment = parse_time(draft.saved_at).astimezone()
    except (ValueError, OverflowError):
        return draft.saved_at
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M}"


def new_draft(
    questionnaire: Questionnaire,
    practice: Practice,
    *,
    answers: Mapping[str, Answer],
    position: str | None,
    domains: tuple[str, ...],
    notes: Mapping[str, str] | None = None,
    targets: Mapping[str, Target] | None = None,
) -> Draft:
    return Draft(
        practice=practice,
        answers=dict(answers),
        notes=dict(notes or {}),
        targets=dict(targets or {}),
        position=position,
        domains=domains,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire_sha256=questionnaire.sha256,
        saved_at=now_utc(),
    )


def draft_json(draft: Draft) -> str:
    """The draft file's text. ASCII-only JSON, so any answer text survives exactly."""
    data = {
        "kind": DRAFT_KIND,
        "format": DRAFT_FORMAT,
        "saved_at": draft.saved_at,
        "questionnaire": {
            "id": draft.questionnaire_id,
            "version": draft.questionnaire_version,
            "sha256": draft.questionnaire_sha256,
        },
        "practice": {
            "name": draft.practice.name,
            "ods_code": draft.practice.ods_code,
            "pcn": draft.practice.pcn,
            "respondent": draft.practice.respondent,
        },
        "domains": list(draft.domains),
        "position": draft.position,
        "answers": answers_to_data(draft.answers),
        "notes": dict(draft.notes),
        "targets": {
            key: {"answer": answer_to_data(t.answer), "by": t.by}
            for key, t in draft.targets.items()
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=True, allow_nan=False) + "\n"


def save_draft(draft: Draft) -> Path:
    """Write the draft atomically: a crash leaves the previous draft or this one."""
    path = draft.path
    store.ensure_dir(path.parent)
    store.write_atomic(path, draft_json(draft))
    return path


def discard(draft: Draft) -> bool:
    """Remove a draft; False if there was none. A draft open in another window is kept."""
    store.check_free(lock_path(draft), describe=_describe(draft))
    path = draft.path
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as error:
        raise ReadinessError(
            f"Could not remove the draft {path}: {error.strerror or error}."
        ) from None
    return True


# ------------------------------------------------------------------------------- reading


def read_draft(path: Path, questionnaire: Questionnaire) -> Resumed:
    """Read a draft and fit its answers to the questionnaire; ``InvalidFileError`` if damaged."""
    raw = read_bytes(path, what="draft")  # within bounds; a pipe or device is refused
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _damaged(path, "the file is not UTF-8 text") from None
    return parse_draft(text, path, questionnaire)


def parse_draft(text: str, path: Path, questionnaire: Questionnaire) -> Resumed:
    raw = _checked_shape(parse_json(text, path, what="draft"), path)
    details = raw["practice"]
    practice = Practice(
        details.get("name"), details.get("ods_code"), details.get("pcn"), details.get("respondent")
    )
    answers, dropped = fit_answers(raw["answers"], questionnaire)
    notes, dropped_notes = fit_notes(raw.get("notes") or {}, questionnaire)
    dropped += dropped_notes
    targets, dropped_targets = fit_targets(raw.get("targets") or {}, questionnaire)
    dropped += dropped_targets
    known = {domain.id for domain in questionnaire.domains}
    domains = tuple(d for d in raw["domains"] if d in known)
    draft = Draft(
        practice=practice,
        answers=answers,
        position=raw["position"],
        domains=domains or tuple(d.id for d in questionnaire.domains),
        questionnaire_id=raw["questionnaire"]["id"],
        questionnaire_version=raw["questionnaire"]["version"],
        questionnaire_sha256=raw["questionnaire"]["sha256"],
        saved_at=raw["saved_at"],
        notes=notes,
        targets=targets,
    )
    changed = draft.questionnaire_sha256 != questionnaire.sha256
    return Resumed(path, draft, tuple(dropped), changed)


def _checked_shape(data: object, path: Path) -> dict[str, Any]:
    """The draft's data if every key has the right type; else ``InvalidFileError``."""
    if not isinstance(data, dict) or data.get("kind") != DRAFT_KIND:
        raise _damaged(path, "this is not a readiness draft")
    if data.get("format") != DRAFT_FORMAT:
        raise _damaged(
            path,
            f"draft format {data.get('format')!r} is not one this version reads ({DRAFT_FORMAT})",
        )
    ref, practice = data.get("questionnaire"), data.get("practice")
    checks = {
        "saved_at": isinstance(data.get("saved_at"), str) and _is_time(data["saved_at"]),
        "questionnaire": isinstance(ref, dict)
        and all(isinstance(ref.get(k), str) for k in ("id", "version", "sha256")),
        "practice": isinstance(practice, dict)
        and all(isinstance(practice.get(k), str | None) for k in PRACTICE_KEYS),
        "domains": isinstance(data.get("domains"), list)
        and all(isinstance(d, str) for d in data["domains"]),
        "position": isinstance(data.get("position"), str | None),
        "answers": isinstance(data.get("answers"), dict),
        # Drafts saved before notes existed have none.
        "targets": isinstance(data.get("targets", {}), dict)
        and all(isinstance(v, dict) for v in data.get("targets", {}).values()),
        "notes": isinstance(data.get("notes", {}), dict)
        and all(isinstance(v, str) for v in data.get("notes", {}).values()),
    }
    wrong = [key for key, ok in checks.items() if not ok]
    if wrong:
        raise _damaged(path, f"these parts are missing or damaged: {', '.join(wrong)}")
    return data


def _is_time(text: str) -> bool:
    try:
        parse_time(text)
    except ValueError:
        return False
    return True


def _damaged(path: Path, message: str) -> InvalidFileError:
    return InvalidFileError([Problem(message, path)], what="draft")


def fit_answers(
    data: Mapping[str, object], questionnaire: Questionnaire
) -> tuple[dict[str, Answer], list[Dropped]]:
    """Keep the answers that still fit a question; list the rest with the reason."""
    answers: dict[str, Answer] = {}
    dropped: list[Dropped] = []
    for question_id, value in data.items():
        question = questionnaire.question(question_id)
        if question is None:
            dropped.append(Dropped(question_id, "the question is no longer in the questionnaire"))
            continue
        if question.type == "text" and value == DONT_KNOW_TEXT and not question.dont_know:
            dropped.append(Dropped(question_id, 'the question no longer offers "Don\'t know"'))
            continue
        try:
            answer = check_answer(question, value)
        except AnswerProblem as problem:
            dropped.append(Dropped(question_id, str(problem)))
            continue
        if answer is not None:
            answers[question_id] = answer
    return answers, dropped


def fit_targets(
    data: Mapping[str, Mapping[str, object]], questionnaire: Questionnaire
) -> tuple[dict[str, Target], list[Dropped]]:
    """Keep the targets that still fit their question; list the rest with the reason."""
    kept: dict[str, Target] = {}
    dropped: list[Dropped] = []
    for question_id, given in data.items():
        question = questionnaire.question(question_id)
        by = given.get("by")
        try:
            if question is None:
                raise AnswerProblem("the question is no longer in the questionnaire")
            answer = check_target(question, given.get("answer"))
        except AnswerProblem as problem:
            dropped.append(Dropped(question_id, f"the target: {problem}"))
            continue
        kept[question_id] = Target(answer, by if isinstance(by, str) and parse_month(by) else None)
    return kept, dropped


def fit_notes(
    data: Mapping[str, str], questionnaire: Questionnaire
) -> tuple[dict[str, str], list[Dropped]]:
    """Keep the notes on questions still in the questionnaire; list the rest with the reason."""
    notes: dict[str, str] = {}
    dropped: list[Dropped] = []
    for question_id, text in data.items():
        if questionnaire.question(question_id) is None:
            dropped.append(Dropped(question_id, "the note's question is no longer asked"))
            continue
        try:
            note = check_note(text)
        except AnswerProblem as problem:
            dropped.append(Dropped(question_id, f"the note: {problem}"))
            continue
        if note:
            notes[question_id] = note
    return notes, dropped


# ------------------------------------------------------------------------------- finding


def find_drafts(questionnaire: Questionnaire, *, key: str | None = None) -> Found:
    """The drafts for this questionnaire (only ``key``'s if given), newest first.

    Damaged drafts are renamed aside and reported; drafts for other questionnaires
    are left alone. A draft saved by an earlier version straight in the drafts folder
    is moved into its questionnaire's folder as it is found.
    """
    folder = draft_folder(questionnaire.id)
    if key is not None:
        own = [draft_path(key, questionnaire.id)]
    else:
        own = sorted(folder.glob("*.json")) if folder.is_dir() else []
    found: list[Resumed] = []
    set_aside: list[SetAside] = []
    for path in [*_older_drafts(key), *own]:
        if not os.path.lexists(path) or any(path == item.path for item in found):
            continue  # (an older draft just moved in is found once)
        try:
            resumed = read_draft(path, questionnaire)
        except InvalidFileError as error:
            set_aside.append(move_aside(path, str(error.problems[0].message)))
            continue
        except Exception as error:  # any damage at all: a draft must never block a fresh start
            set_aside.append(move_aside(path, f"the file is damaged ({type(error).__name__})"))
            continue
        if resumed.draft.questionnaire_id == questionnaire.id:
            found.append(_adopted(resumed) if path.parent != folder else resumed)
    found.sort(key=lambda r: r.draft.saved_at, reverse=True)
    return Found(tuple(found), tuple(set_aside))


def _older_drafts(key: str | None) -> list[Path]:
    """Drafts saved straight in the drafts folder, by versions without questionnaire folders."""
    top = store.drafts_dir()
    if key is not None:
        return [top / f"{key}.json"]
    return sorted(top.glob("*.json")) if top.is_dir() else []


def _adopted(resumed: Resumed) -> Resumed:
    """An older draft moved into its questionnaire's folder (left where it is if it cannot be)."""
    target = resumed.draft.path
    if os.path.lexists(target):
        return resumed  # never replace a draft
    try:
        store.ensure_dir(target.parent)
        resumed.path.replace(target)
    except (OSError, ReadinessError):
        return resumed
    return Resumed(target, resumed.draft, resumed.dropped, resumed.questionnaire_changed)


def hold(draft: Draft) -> contextlib.AbstractContextManager[store.LockHolder]:
    """Hold the draft's lock while its interview runs: a second window is refused."""
    return store.exclusive_lock(lock_path(draft), describe=_describe(draft))


def _describe(draft: Draft) -> str:
    who = f" ({draft.practice.respondent})" if draft.practice.respondent else ""
    return f"the answers for {draft.practice.display_name()}{who}"


def lock_path(draft: Draft) -> Path:
    return draft.path.with_suffix(".lock")


def move_aside(path: Path, reason: str) -> SetAside:
    """Rename a damaged draft to ``<name>.corrupt-<time>`` so a fresh start can go ahead."""
    # Could it not be renamed (a read-only folder, Windows holding the file open), it is
    # left, and a new assessment starts all the same; a later save replaces it.
    return SetAside(path, store.set_aside(path), reason)
