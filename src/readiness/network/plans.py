"""The network's notes, targets and plans: what a PCN lead sees beyond the scores.

- Notes on answers, per practice (only with names: ``--anonymise`` drops them, unless
  ``--keep-notes``, because notes may name people).
- Current against target per domain: the network's median now and the median its
  practices' targets would give, and how many practices aim to move each domain.
- Shared plans: per suggested step (or, for a practice's own steps, per question),
  how many practices plan to act on it and by when; steps shared by more than half
  the practices first. With ``--anonymise`` the counts stay and the names go.

Plans are the practices' ``*.plan.json`` files given beside their results.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from readiness.errors import InvalidFileError
from readiness.network.practices import Group
from readiness.network.records import (
    NetworkPlans,
    PracticeNotes,
    PracticeRow,
    SharedStep,
    TargetSummary,
)
from readiness.plans.records import Plan
from readiness.plans.store import read_plan
from readiness.results.fast import DomainInfo, Scanned, read_notes
from readiness.results.identity import practice_key
from readiness.results.store import is_plan_file


def find_plan_files(paths: Sequence[Path]) -> list[str]:
    """The action plans among the paths given, and directly inside the folders given."""
    found: list[str] = []
    for path in paths:
        if path.is_dir():
            with os.scandir(path) as entries:
                found += sorted(e.path for e in entries if is_plan_file(e.name) and e.is_file())
        elif is_plan_file(path.name):
            found.append(os.fspath(path))
    return found


def read_plans(files: Sequence[str]) -> tuple[list[Plan], list[str]]:
    """The plans that can be read, and a warning for each that cannot."""
    plans, warnings = [], []
    for name in files:
        try:
            plans.append(read_plan(Path(name)))
        except InvalidFileError as error:
            reason = error.problems[0].message if error.problems else "it is damaged"
            warnings.append(f"the action plan {Path(name).name} was left out: {reason}")
    return plans, warnings


def practice_notes(
    pairs: Sequence[tuple[PracticeRow, Group]], *, show: bool
) -> tuple[PracticeNotes, ...]:
    if not show:
        return ()
    found = []
    for row, group in pairs:
        # Only results that have notes are read again (most have none).
        notes = tuple(
            note for item in group.current if item.has_notes for note in read_notes(item.path)
        )
        if notes:
            found.append(PracticeNotes(row.label, notes))
    return tuple(found)


def target_summaries(
    pairs: Sequence[tuple[PracticeRow, Group]], domains: Sequence[DomainInfo]
) -> tuple[TargetSummary, ...]:
    """Per domain: the medians now and at target, over practices that set targets."""
    from readiness.network.engine import median

    summaries = []
    for info in (*domains, DomainInfo("overall", "Overall")):
        now: list[float] = []
        aimed: list[float] = []
        aiming = practices = 0
        for _row, group in pairs:
            latest = _latest_with_targets(group.current)
            if latest is None:
                continue
            practices += 1
            current, target = _domain_pair(latest, info.id)
            if current is not None and target is not None:
                now.append(current)
                aimed.append(target)
                aiming += target > current
        summaries.append(
            TargetSummary(
                info,
                round(median(sorted(now)), 1) if now else None,
                round(median(sorted(aimed)), 1) if aimed else None,
                aiming,
                practices,
            )
        )
    return tuple(summaries)


def _latest_with_targets(items: Sequence[Scanned]) -> Scanned | None:
    with_targets = [item for item in items if item.target_domains is not None]
    return with_targets[-1] if with_targets else None


def _domain_pair(item: Scanned, domain_id: str) -> tuple[float | None, float | None]:
    if domain_id == "overall":
        return item.overall, item.target_overall
    now = next((d.score for d in item.domains if d.id == domain_id and d.enough_answers), None)
    aimed = next(
        (d.score for d in item.target_domains or () if d.id == domain_id and d.enough_answers),
        None,
    )
    return now, aimed


def network_plans(
    pairs: Sequence[tuple[PracticeRow, Group]], plans: Sequence[Plan], *, anonymise: bool
) -> NetworkPlans:
    """How many of the compared practices plan to act on each step, and by when.

    Plans are matched to practices by the results' own names and codes (the rows' are
    letters when anonymised).
    """
    by_practice = {
        practice_key(item.ods_code, item.name): row.label
        for row, group in pairs
        for item in group.current
        if item.name or item.ods_code
    }
    acting: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(dict)
    texts: dict[tuple[str, str], tuple[str, str]] = {}
    planning: set[str] = set()
    for plan in plans:
        label = by_practice.get(practice_key(plan.practice.ods_code, plan.practice.name))
        if label is None:
            continue  # a plan for a practice not in the comparison
        for step in plan.steps:
            if step.status == "dropped":
                continue
            if step.suggested:
                key = ("step", step.text)
                texts[key] = (step.text, step.question or "")
            elif step.question:
                key = ("question", step.question)
                texts[key] = (f"a step of their own on “{step.question_text}”", step.question)
            else:
                continue
            planning.add(label)
            acting[key].setdefault(label, []).append(step.due)
    total = len(pairs)
    steps = [
        SharedStep(
            text=texts[key][0],
            question=texts[key][1],
            practices=len(who),
            total=total,
            labels=() if anonymise else tuple(sorted(who)),
            earliest=min(min(due) for due in who.values()),
            latest=max(max(due) for due in who.values()),
        )
        for key, who in acting.items()
    ]
    steps.sort(key=lambda s: (not s.shared, -s.practices, s.earliest, s.text))
    return NetworkPlans(len(planning), total, tuple(steps))
