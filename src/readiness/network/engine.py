"""The comparison: find the files, score any filled forms, read the results, group and sum up."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TypeAlias

from readiness.errors import Problem, ReadinessError
from readiness.network.basis import Basis, QuestionSource, basis_for, comparable
from readiness.network.expected import ExpectedList, collection_round, read_expected
from readiness.network.longtable import long_rows
from readiness.network.plans import (
    find_plan_files,
    network_plans,
    practice_notes,
    read_plans,
    target_summaries,
)
from readiness.network.practices import (
    Group,
    Names,
    Scorer,
    by_time,
    group_practices,
    ordered,
    practice_row,
    respondent_numbers,
)
from readiness.network.records import (
    ID,
    BarrierKind,
    BenchmarkSummary,
    Cell,
    DomainSummary,
    NetworkComparison,
    Note,
    NoteKind,
    NothingToCompare,
    PracticeRow,
    SortOrder,
    weak_band_count,
)
from readiness.plans.records import Plan
from readiness.questionnaire.model import Band
from readiness.results.fast import (
    DomainInfo,
    Figure,
    Scanned,
    Skipped,
    Unreadable,
    read_figures,
    read_questions,
    scan,
)
from readiness.results.formcache import ScoredForm, score_forms
from readiness.results.formread import is_form
from readiness.results.identity import pcn_key, respondent_key
from readiness.results.store import is_plan_file


def find_result_files(paths: Sequence[Path]) -> list[str]:
    """The files to compare: each file given, and the ``.json`` and ``.xlsx`` files directly
    in each folder.

    Folders are not searched below their top level, so a folder of old exports inside
    the PCN's folder is not swept in by surprise. The same file given twice counts once.
    Paths come back as text, ready for ``scan`` (Path objects cost time by the thousand).
    """
    found: list[str] = []
    for path in paths:
        if path.is_dir():
            found.extend(_json_files(path))
        else:
            found.append(os.fspath(path))
    if len(paths) == 1:
        return found  # one folder lists each file once
    seen: set[str] = set()
    unique = []
    for name in found:
        # By spelling: Path.resolve looks each file up on disk, seconds for thousands.
        key = os.path.normcase(os.path.abspath(name))  # noqa: PTH100 - see above
        if key not in seen:
            seen.add(key)
            unique.append(name)
    return unique


def _json_files(folder: Path) -> list[str]:
    """Result files and filled answer forms; not the lock files Excel leaves ("~$form.xlsx")."""
    with os.scandir(folder) as entries:
        return sorted(
            entry.path
            for entry in entries
            if entry.name.lower().endswith(_FOLDER_SUFFIXES)
            and not entry.name.startswith("~$")
            and not is_plan_file(entry.name)  # action plans are read by network.plans
            and not _is_folder(entry)
        )


_FOLDER_SUFFIXES = (".json", ".xlsx")


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Folders are passed over; anything else is read, so a pipe or a link loop is named."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def compare_paths(
    paths: Sequence[Path],
    *,
    pcn: str | None = None,
    sort: SortOrder = "score",
    keep_all: bool = False,
    anonymise: bool = False,
    parallel: bool | None = None,
    questionnaire: str | None = None,
    expect: Path | None = None,
    since: date | None = None,
    long_table: bool = False,
    keep_notes: bool = False,
) -> NetworkComparison:
    """Read the result files and filled forms (and folders of them) and compare them.

    Forms are scored with ``questionnaire`` (a name or folder; default the bundled one).
    ``expect`` is the PCN's list of practices (see ``network.expected``); ``since`` marks
    results older than that date as stale.
    """
    expected = read_expected(expect) if expect is not None else None
    files = find_result_files(paths)
    if not files:
        where = ", ".join(str(path) for path in paths)
        raise ReadinessError(
            f"There are no result files (.json) or answer forms (.xlsx) in {where}.",
            hint="Give result files or filled forms, or folders that contain them.",
        )
    to_scan, shown, failed = _forms_scored(files, questionnaire, parallel=parallel)
    scanned, unreadable = scan(to_scan, parallel=parallel)
    first = len(to_scan) + 1
    unreadable += [
        Unreadable(number, form.form, form.problems)
        for number, form in enumerate(failed, start=first)
    ]
    return compare_results(
        scanned,
        unreadable=unreadable,
        files_read=len(files),
        shown=shown,
        expected=expected,
        since=since,
        long_table=long_table,
        plans=read_plans(find_plan_files(paths)),
        keep_notes=keep_notes,
        pcn=pcn,
        sort=sort,
        keep_all=keep_all,
        anonymise=anonymise,
        figures=survey_figures,
        questions=lambda items: read_questions(items, parallel=parallel),
    )


def _forms_scored(
    files: Sequence[str], questionnaire: str | None, *, parallel: bool | None
) -> tuple[list[str], dict[str, str], list[ScoredForm]]:
    """The files to scan (each form replaced by its result), how to name those results
    (by their forms), and the forms that could not be scored."""
    forms = [name for name in files if is_form(Path(name))]
    if not forms:
        return list(files), {}, []
    from readiness.questionnaire.load import load_questionnaire

    scored = {
        item.form: item
        for item in score_forms(forms, load_questionnaire(questionnaire), parallel=parallel)
    }
    to_scan: list[str] = []
    shown: dict[str, str] = {}
    failed: list[ScoredForm] = []
    for name in files:
        item = scored.get(name)
        if item is None:
            to_scan.append(name)
        elif item.result is None:
            failed.append(item)
        else:
            to_scan.append(item.result)
            shown[item.result] = name
    return to_scan, shown, failed


FigureSource: TypeAlias = Callable[[Sequence[Scanned]], Mapping[str, Figure]]


def compare_results(
    scanned: Sequence[Scanned],
    *,
    unreadable: Sequence[Unreadable] = (),
    files_read: int | None = None,
    pcn: str | None = None,
    sort: SortOrder = "score",
    keep_all: bool = False,
    anonymise: bool = False,
    figures: FigureSource | None = None,
    questions: QuestionSource | None = None,
    shown: Mapping[str, str] | None = None,
    expected: ExpectedList | None = None,
    since: date | None = None,
    long_table: bool = False,
    plans: tuple[Sequence[Plan], Sequence[str]] | None = None,
    keep_notes: bool = False,
) -> NetworkComparison:
    """Group, score and aggregate results; raises ``NothingToCompare`` if there are none.

    ``figures`` looks up each survey figure's full record (``survey_figures`` reads them
    from the newest result that has them); without it no survey comparison is made.
    ``questions`` reads each result's question scores (``scan.read_questions``), needed
    only when results of different questionnaires are compared on what they share.
    ``shown`` names a result by the form it was scored from; ``expected`` and ``since``
    make a collection round (``network.expected``); ``long_table`` reads every answer
    again for the long table (``network.longtable``). ``plans`` are the practices' action
    plans (and warnings for those that could not be read); ``keep_notes`` keeps notes on
    answers when anonymised.
    """
    names = Names(anonymise, shown=shown)
    total = files_read if files_read is not None else len(scanned) + len(unreadable)
    skipped = tuple(_skipped(item, names) for item in sorted(unreadable, key=lambda u: u.number))
    if not scanned:
        raise NothingToCompare([_problem(item, names) for item in unreadable], total)
    chosen, notes = _in_network(scanned, pcn, names)
    chosen, left_out = comparable(chosen)
    skipped += tuple(
        Skipped(names.file(gone.item), (f"left out: {gone.reason}",)) for gone in left_out
    )
    if not chosen:
        raise NothingToCompare(
            [
                *(_problem(item, names) for item in unreadable),
                *(
                    Problem(f"left out: {gone.reason}", Path(names.file(gone.item)))
                    for gone in left_out
                ),
            ],
            total,
        )
    # Oldest first, worked out once: "the latest", "the newest" and groups all follow it.
    timeline = sorted(chosen, key=by_time)
    basis = basis_for(timeline, questions or (lambda _items: {}))
    timeline = list(basis.items)
    records = figures(timeline) if figures is not None else {}
    benchmark_ids = _benchmark_ids(timeline, basis, records)
    scorer = Scorer(basis)
    pairs = [
        (practice_row(group, scorer, names, keep_all, benchmark_ids), group)
        for group in group_practices(timeline)
    ]
    pairs = ordered(pairs, sort, names)
    rows = [row for row, _group in pairs]
    collection = (
        collection_round(pairs, expected, since=since, anonymise=anonymise)
        if expected is not None
        else None
    )
    return NetworkComparison(
        title=_title(pcn, rows, names),
        anonymised=anonymise,
        sort=sort,
        questionnaires=basis.questionnaires,
        bands=basis.bands,
        domains=basis.domains,
        practices=tuple(rows),
        network=tuple(
            _summary(info, [row.domains[i] for row in rows], rows, basis.bands)
            for i, info in enumerate(basis.domains)
        ),
        overall=_summary(
            DomainInfo("overall", "Overall"), [row.overall for row in rows], rows, basis.bands
        ),
        benchmarks=_benchmark_summaries(benchmark_ids, records, rows),
        notes=(
            *notes,
            *(Note("basis", text) for text in basis.notes),
            *(Note("basis", text) for text in _quick_notes(rows)),
            *_repeat_notes(pairs, names, keep_all=keep_all),
            *_plan_notes(plans, anonymise=anonymise),
        ),
        skipped=skipped,
        files_read=total,
        newest=timeline[-1].created_at,
        collection=collection,
        answers=long_rows(pairs, keep_all=keep_all, anonymise=anonymise) if long_table else (),
        answer_notes=practice_notes(pairs, show=keep_notes or not anonymise),
        targets=target_summaries(pairs, basis.domains),
        plans=network_plans(pairs, plans[0], anonymise=anonymise) if plans and plans[0] else None,
    )


def _plan_notes(
    plans: tuple[Sequence[Plan], Sequence[str]] | None, *, anonymise: bool
) -> list[Note]:
    """Say which action plans could not be read (without their file names when anonymised)."""
    warnings = plans[1] if plans else ()
    if anonymise:
        count = len(warnings)
        if not count:
            return []
        many = count != 1
        text = (
            f"{count} action plan{'s' if many else ''} could not be read and "
            f"{'were' if many else 'was'} left out."
        )
        return [Note("basis", text)]
    return [Note("basis", f"{warning[:1].upper()}{warning[1:]}.") for warning in warnings]


def _distinct_layouts(timeline: Sequence[Scanned]) -> Iterator[Scanned]:
    """Newest first, one result for each distinct list of survey figures.

    Most results list the same figures, so each list is looked at once.
    """
    layouts: set[tuple[str, ...]] = set()
    for item in reversed(timeline):
        layout = tuple(map(ID, item.benchmarks))
        if layout not in layouts:
            layouts.add(layout)
            yield item


def survey_figures(timeline: Sequence[Scanned]) -> dict[str, Figure]:
    """Each survey figure as recorded by the newest result that has it (a few full reads).

    ``timeline`` is oldest first.
    """
    newest_with: dict[str, str] = {}
    for item in _distinct_layouts(timeline):
        for benchmark_id in map(ID, item.benchmarks):
            newest_with.setdefault(benchmark_id, item.path)
    figures: dict[str, Figure] = {}
    for path in sorted(set(newest_with.values())):
        # A file changed since it was read gives no figures: those are left out.
        figures.update(
            (figure.id, figure)
            for figure in read_figures(path)
            if newest_with.get(figure.id) == path
        )
    return figures


def _skipped(item: Unreadable, names: Names) -> Skipped:
    return Skipped(
        names.file(item),
        tuple(problem.detail() for problem in item.problems) or ("not a result",),
    )


def _problem(item: Unreadable, names: Names) -> Problem:
    return Problem(
        "; ".join(p.detail() for p in item.problems) or "not a result", Path(names.file(item))
    )


def _in_network(
    items: Sequence[Scanned], pcn: str | None, names: Names
) -> tuple[list[Scanned], list[Note]]:
    """With --pcn, keep results from that PCN (or with none recorded), noting the others."""
    if pcn is None:
        return list(items), []
    wanted = pcn_key(pcn)
    kept: list[Scanned] = []
    left_out: list[Scanned] = []
    for item in items:
        (kept if item.pcn is None or pcn_key(item.pcn) == wanted else left_out).append(item)
    if not kept:
        found = sorted({names.pcn(item.pcn) or "" for item in items})
        raise ReadinessError(
            f"None of the results is from the PCN '{names.pcn(pcn)}'.",
            hint=f"The results name: {', '.join(found)}.",
        )
    if not left_out:
        return kept, []
    other = sorted({names.pcn(item.pcn) or "" for item in left_out})
    count = len(left_out)
    return kept, [Note("other_pcns", ", ".join(other), results=count)]


def _benchmark_ids(
    timeline: Sequence[Scanned], basis: Basis, figures: Mapping[str, Figure]
) -> tuple[str, ...]:
    """Survey figures linked to compared questions, in the newest result's order."""
    seen: dict[str, None] = {}
    checked: set[str] = set()
    for item in _distinct_layouts(timeline):
        for benchmark_id, question, _matches in item.benchmarks:
            if benchmark_id in checked:
                continue
            checked.add(benchmark_id)
            shared = basis.shared_questions is None or question in basis.shared_questions
            if shared and benchmark_id in figures:
                seen[benchmark_id] = None
    return tuple(seen)


def _summary(
    info: DomainInfo, cells: Sequence[Cell], rows: Sequence[PracticeRow], bands: Sequence[Band]
) -> DomainSummary:
    counts = [0] * len(bands)
    scores: list[float] = []
    weak_count = weak_band_count(len(bands))
    # Cells repeat (they are shared), so count each distinct one once.
    for cell, times in Counter(cells).items():
        if cell.band is not None and cell.score is not None:
            counts[cell.band] += times
            scores += [cell.score] * times
    weak = [
        row.label
        for cell, row in zip(cells, rows, strict=True)
        if cell.band is not None and cell.band < weak_count and cell.score is not None
    ]
    scores.sort()
    barrier: BarrierKind = (
        "none"
        if not weak
        else "shared"
        if len(scores) >= 2 and len(weak) * 2 > len(scores)
        else "one"
        if len(weak) == 1
        else "some"
    )
    return DomainSummary(
        domain=info,
        median=round(median(scores), 1) if scores else None,
        lowest=scores[0] if scores else None,
        highest=scores[-1] if scores else None,
        band_counts=tuple(counts),
        not_enough=len(cells) - len(scores),
        weak=tuple(weak),
        barrier=barrier,
    )


def median(ordered: Sequence[float]) -> float:
    """The middle of sorted scores (the mean of the middle two for an even number).

    Written out rather than taken from ``statistics``, whose imports cost a start-up.
    """
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _benchmark_summaries(
    benchmark_ids: Sequence[str],
    records: Mapping[str, Figure],
    rows: Sequence[PracticeRow],
) -> tuple[BenchmarkSummary, ...]:
    columns = zip(*(row.benchmarks for row in rows), strict=True) if rows else ()
    return tuple(
        BenchmarkSummary(
            record=records[key],
            matched=answers.count(True),
            answered=len(answers) - answers.count(None),
            practices=len(rows),
        )
        for key, answers in zip(benchmark_ids, columns, strict=True)
    )


def _title(pcn: str | None, rows: Sequence[PracticeRow], names: Names) -> str:
    """--pcn as given; else the PCN every practice names; else "6 practices"."""
    if pcn:
        return names.pcn(pcn) or pcn
    recorded = [row.pcn for row in rows if row.pcn]
    if recorded and len(recorded) == len(rows) and len({pcn_key(n) for n in set(recorded)}) == 1:
        return recorded[0]
    count = len(rows)
    return f"{count:,} practice{'s' if count != 1 else ''}"


def _quick_notes(rows: Sequence[PracticeRow]) -> list[str]:
    """Say which results are quick checks (only the quick questions asked)."""
    quick = [
        row.label if len(row.responses) == 1 else f"{row.label} ({response.respondent})"
        for row in rows
        for response in row.responses
        if response.quick
    ]
    if not quick:
        return []
    return [f"Quick checks (only the quick questions were asked): {', '.join(quick)}."]


def _repeat_notes(
    pairs: Sequence[tuple[PracticeRow, Group]], names: Names, *, keep_all: bool
) -> list[Note]:
    """Say which results of a practice were not used (or, with --all, not counted)."""
    notes = []
    for row, group in pairs:
        if not group.earlier:
            continue
        numbers = respondent_numbers(group)
        listed = "; ".join(
            f"{names.file(item)} ({item.created_at[:10]}, "
            f"{names.respondent(numbers[respondent_key(item.respondent)], item.respondent)})"
            for item in group.earlier
        )
        kind: NoteKind = "earlier_shown" if keep_all else "earlier_not_used"
        notes.append(Note(kind, listed, practice=row.label, results=len(group.earlier)))
    return notes
