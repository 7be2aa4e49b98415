"""Compare practices' results: side by side, as a network, and against the surveys.

The engine behind ``readiness compare``. It takes results read by
``readiness.results.fast``, keeps one practice per ODS code (or name), tells several
respondents apart from one respondent answering again, compares results of
different questionnaire versions on what they share, and works out the
network's figures. It returns a frozen ``Comparison`` and never prints: the
``readiness.report.compare_*`` modules lay it out.

The rules, as docs/compare.md explains them to users:

* A practice is its ODS code, else its name (ignoring case and spacing).
  Results for one practice from different respondents are several views of it;
  from the same respondent (or with none recorded), the latest is used and the
  others are named in a note, or kept as "earlier" rows with ``keep_all``.
* A practice's score in a domain is the mean of its respondents' scores that
  have enough answers (at least half the question weight answered).
* Respondents agree when their scores sit in the same band, are "one band
  apart" in neighbouring bands, and are split two or more bands apart.
* A domain is weak for a practice in the lowest two bands (the lowest band
  only when there are fewer than three). A shared barrier is weak in more than
  half the practices scored in it; the opposite is weak in one practice only.
* Against a survey figure, a practice counts when it answered the linked
  question; with several respondents the latest answer is used.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from operator import itemgetter
from pathlib import Path
from typing import Literal, NamedTuple, TypeAlias

from readiness.errors import InvalidFileError, Problem, ReadinessError
from readiness.questionnaire.model import MIN_COVERAGE, Band
from readiness.results.fast import (
    UNANSWERED,
    Figure,
    QuestionKey,
    QuestionList,
    QuestionnaireKey,
    Scanned,
    ScannedDomain,
    Unreadable,
    read_figures,
    read_questions,
    scan,
)

SortOrder: TypeAlias = Literal["score", "name"]
AgreementKind: TypeAlias = Literal["agree", "near", "split", "unknown"]
BarrierKind: TypeAlias = Literal["shared", "some", "one", "none"]
AGREEMENT_TEXT: Mapping[AgreementKind, str] = {
    "agree": "Agree",
    "near": "One band apart",
    "split": "Split",
    "unknown": "Not enough answers to compare",
}
NOT_RECORDED = "Respondent not recorded"


# ------------------------------------------------------------------------------ records


# Records are NamedTuples, not frozen dataclasses: as immutable, four times quicker to make
# (one row per practice in England) and six times quicker to define (at every start).


class Cell(NamedTuple):
    """A score in one domain (or overall) and its band, as an index into ``Comparison.bands``."""

    score: float | None
    band: int | None  # None when there are not enough answers to score
    coverage: float = 1.0

    @property
    def enough_answers(self) -> bool:
        return self.band is not None


NO_SCORE = Cell(None, None, 0.0)


class DomainInfo(NamedTuple):
    id: str
    title: str


class Response(NamedTuple):
    """One result in the comparison: one respondent's view of a practice on one date."""

    file: str  # the file's path, or "file 3" when anonymised
    respondent: str  # as recorded, NOT_RECORDED, or "Respondent 1" when anonymised
    created_at: str
    questionnaire: str  # questionnaire id and version
    overall: Cell
    domains: tuple[Cell, ...]  # in the order of Comparison.domains
    current: bool  # False for an earlier result kept with --all: shown, not counted


class Agreement(NamedTuple):
    """Whether a practice's respondents see one domain the same way."""

    kind: AgreementKind
    lowest: float | None
    highest: float | None


class PracticeRow(NamedTuple):
    """One practice: its scores (the mean of its respondents'), and each response."""

    label: str  # the name, or "Practice A" when anonymised
    name: str | None
    ods_code: str | None
    pcn: str | None
    overall: Cell
    domains: tuple[Cell, ...]
    responses: tuple[Response, ...]  # current first, oldest first within each
    agreement: tuple[Agreement, ...]  # per domain, when two or more respondents
    benchmarks: tuple[bool | None, ...]  # in the order of Comparison.benchmarks

    @property
    def current(self) -> tuple[Response, ...]:
        return tuple(response for response in self.responses if response.current)

    @property
    def latest(self) -> str:
        return max(response.created_at for response in self.current)


class DomainSummary(NamedTuple):
    """The network's figures for one domain (or overall)."""

    domain: DomainInfo
    median: float | None
    lowest: float | None
    highest: float | None
    band_counts: tuple[int, ...]  # practices per band, in the order of Comparison.bands
    not_enough: int  # practices without enough answers here
    weak: tuple[str, ...]  # labels of the practices where this domain is weak
    barrier: BarrierKind

    @property
    def scored(self) -> int:
        return sum(self.band_counts)


class BenchmarkSummary(NamedTuple):
    """One survey figure beside how many of the network's practices are in its group."""

    record: Figure  # the figure, its interval and its source, from a result file
    matched: int
    answered: int
    practices: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.matched / self.answered) if self.answered else None


class Skipped(NamedTuple):
    """A file left out because it is not a valid result."""

    file: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    title: str
    anonymised: bool
    sort: SortOrder
    questionnaires: tuple[str, ...]  # title and version of each questionnaire compared
    bands: tuple[Band, ...]
    domains: tuple[DomainInfo, ...]
    practices: tuple[PracticeRow, ...]  # in the order asked for
    network: tuple[DomainSummary, ...]  # per domain
    overall: DomainSummary
    benchmarks: tuple[BenchmarkSummary, ...]
    notes: tuple[str, ...]
    skipped: tuple[Skipped, ...]
    files_read: int
    newest: str  # created_at of the newest result used: the comparison's date

    def band_label(self, cell: Cell) -> str:
        return self.bands[cell.band].label if cell.band is not None else "Not enough answers"

    def weak_below(self) -> str:
        """Which bands count as weak, in words."""
        weak = self.bands[: weak_band_count(len(self.bands))]
        names = " or ".join(f'"{band.label}"' for band in weak)
        return f"below {weak[-1].max:g} ({names})"

    @property
    def several_respondents(self) -> tuple[PracticeRow, ...]:
        return tuple(row for row in self.practices if len(row.current) > 1)


class NothingToCompare(InvalidFileError):
    """Every file given was skipped (exit code 1)."""

    def __init__(self, problems: Sequence[Problem], count: int) -> None:
        super().__init__(problems, what="result files")
        self.message = (
            "There is nothing to compare: the file cannot be read as a readiness result."
            if count == 1
            else f"There is nothing to compare: none of the {count:,} files can be read "
            "as a readiness result."
        )
        self.hint = (
            "Give the result files your practices saved: 'readiness assess' saves "
            "one in your results folder, and 'readiness history' lists them."
        )


# ------------------------------------------------------------------------------ finding files


def find_result_files(paths: Sequence[Path]) -> list[str]:
    """The files to compare: each file given, and the ``.json`` files directly in each folder.

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
    with os.scandir(folder) as entries:
        return sorted(
            entry.path
            for entry in entries
            if entry.name.lower().endswith(".json") and entry.is_file()
        )


def compare_paths(
    paths: Sequence[Path],
    *,
    pcn: str | None = None,
    sort: SortOrder = "score",
    keep_all: bool = False,
    anonymise: bool = False,
    parallel: bool | None = None,
) -> Comparison:
    """Read the result files (and folders of them) and compare them."""
    files = find_result_files(paths)
    if not files:
        where = ", ".join(str(path) for path in paths)
        raise ReadinessError(
            f"There are no result files (.json) in {where}.",
            hint="Give result files, or folders that contain them.",
        )
    scanned, unreadable = scan(files, parallel=parallel)
    return compare(
        scanned,
        unreadable=unreadable,
        files_read=len(files),
        pcn=pcn,
        sort=sort,
        keep_all=keep_all,
        anonymise=anonymise,
        figures=survey_figures,
        questions=lambda items: read_questions(items, parallel=parallel),
    )


# ------------------------------------------------------------------------------ the engine


FigureSource: TypeAlias = Callable[[Sequence[Scanned]], Mapping[str, Figure]]
QuestionSource: TypeAlias = Callable[[Sequence[Scanned]], Mapping[int, QuestionList]]


def compare(
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
) -> Comparison:
    """Group, score and aggregate results; raises ``NothingToCompare`` if there are none.

    ``figures`` looks up each survey figure's full record (``survey_figures`` reads them
    from the newest result that has them); without it no survey comparison is made.
    ``questions`` reads each result's question scores (``scan.read_questions``), needed
    only when results of different questionnaires are compared on what they share.
    """
    names = _Names(anonymise)
    total = files_read if files_read is not None else len(scanned) + len(unreadable)
    skipped = tuple(_skipped(item, names) for item in sorted(unreadable, key=lambda u: u.number))
    if not scanned:
        raise NothingToCompare([_problem(item, names) for item in unreadable], total)
    chosen, notes = _in_network(scanned, pcn, names)
    # Oldest first, worked out once: "the latest", "the newest" and groups all follow it.
    timeline = sorted(chosen, key=_by_time)
    basis = _basis(timeline, questions or (lambda _items: {}))
    timeline = list(basis.items)
    records = figures(timeline) if figures is not None else {}
    benchmark_ids = _benchmark_ids(timeline, basis, records)
    scorer = _Scorer(basis)
    pairs = [
        (_row(group, scorer, names, keep_all, benchmark_ids), group)
        for group in _practices(timeline)
    ]
    pairs = _order(pairs, sort, names)
    rows = [row for row, _group in pairs]
    return Comparison(
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
        notes=(*notes, *basis.notes, *_repeat_notes(pairs, names, keep_all=keep_all)),
        skipped=skipped,
        files_read=total,
        newest=timeline[-1].created_at,
    )


def _distinct_layouts(timeline: Sequence[Scanned]) -> Iterator[Scanned]:
    """Newest first, one result for each distinct list of survey figures.

    Most results list the same figures, so each list is looked at once.
    """
    layouts: set[tuple[str, ...]] = set()
    for item in reversed(timeline):
        layout = tuple(map(_FIRST, item.benchmarks))
        if layout not in layouts:
            layouts.add(layout)
            yield item


def survey_figures(timeline: Sequence[Scanned]) -> dict[str, Figure]:
    """Each survey figure as recorded by the newest result that has it (a few full reads).

    ``timeline`` is oldest first.
    """
    newest_with: dict[str, str] = {}
    for item in _distinct_layouts(timeline):
        for benchmark_id in map(_FIRST, item.benchmarks):
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


def created_at_time(created_at: str) -> datetime:
    """A result's time (a time written without a zone is taken as UTC)."""
    moment = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def created_key(created_at: str) -> tuple[str, int]:
    """A result's time in a form that sorts in time order: UTC to the second, microseconds.

    Nearly every result already has the UTC form readiness writes ("2026-01-15T10:30:00Z"),
    so sorting thousands needs no date arithmetic; any other form is converted.
    """
    if len(created_at) == _UTC_LENGTH and created_at.endswith("Z"):
        return (created_at[:19], 0)
    moment = created_at_time(created_at).astimezone(timezone.utc)
    return (moment.strftime("%Y-%m-%dT%H:%M:%S"), moment.microsecond)


_UTC_LENGTH = len("2026-01-15T10:30:00Z")


_FIRST = itemgetter(0)
_THIRD = itemgetter(2)


def _by_time(item: Scanned) -> tuple[tuple[str, int], int]:
    return (created_key(item.created_at), item.number)


# ------------------------------------------------------------------------------ names


class _Names:
    """Practice, PCN, respondent and file names as shown: real, or letters when anonymised."""

    def __init__(self, anonymise: bool) -> None:
        self.anonymise = anonymise
        self._pcns: dict[str, str] = {}

    def file(self, item: Scanned | Unreadable) -> str:
        return f"file {item.number}" if self.anonymise else str(item.path)

    def practice(self, position: int, name: str) -> str:
        return f"Practice {letters(position)}" if self.anonymise else name

    def pcn(self, name: str | None) -> str | None:
        if name is None or not self.anonymise:
            return name
        return self._pcns.setdefault(pcn_key(name), f"PCN {letters(len(self._pcns))}")

    def respondent(self, number: int, name: str | None) -> str:
        if self.anonymise:
            return f"Respondent {number}"
        return name or NOT_RECORDED


def letters(position: int) -> str:
    """0 → A, 25 → Z, 26 → AA, 27 → AB: as spreadsheet columns are named."""
    text = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        text = chr(ord("A") + remainder) + text
    return text


def pcn_key(name: str) -> str:
    """PCN names match ignoring case, spacing and a final word "PCN"."""
    words = name.casefold().split()
    if len(words) > 1 and words[-1] == "pcn":
        words = words[:-1]
    return " ".join(words)


def practice_key(item: Scanned) -> tuple[str, str]:
    """Which practice a result is for: its ODS code, else its name, else the file itself."""
    if item.ods_code:
        return ("ods", item.ods_code.upper())
    if item.name and item.name.strip():
        return ("name", " ".join(item.name.casefold().split()))
    return ("file", str(item.number))


def respondent_key(respondent: str | None) -> str:
    """Respondents match ignoring case and spacing; none recorded is one respondent."""
    return " ".join(respondent.casefold().split()) if respondent else ""


def _skipped(item: Unreadable, names: _Names) -> Skipped:
    return Skipped(
        names.file(item),
        tuple(problem_text(problem) for problem in item.problems) or ("not a result",),
    )


def problem_text(problem: Problem) -> str:
    """A problem without its file name (the caller names the file, or hides it)."""
    if problem.line is None:
        return problem.message
    column = f", column {problem.column}" if problem.column is not None else ""
    return f"{problem.message} (line {problem.line}{column})"


def _problem(item: Unreadable, names: _Names) -> Problem:
    return Problem(
        "; ".join(problem_text(p) for p in item.problems) or "not a result", Path(names.file(item))
    )


# ------------------------------------------------------------------------------ PCN filter


def _in_network(
    items: Sequence[Scanned], pcn: str | None, names: _Names
) -> tuple[list[Scanned], list[str]]:
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
    return kept, [
        f"{count:,} result{'s' if count != 1 else ''} from other PCNs "
        f"({', '.join(other)}) left out, as --pcn asked."
    ]


# ------------------------------------------------------------------------------ basis


@dataclass(frozen=True, slots=True)
class _Basis:
    """What the results are compared on: domains, bands, and the questions they share."""

    items: tuple[Scanned, ...]  # the results compared
    domains: tuple[DomainInfo, ...]
    bands: tuple[Band, ...]
    questionnaires: tuple[str, ...]
    notes: tuple[str, ...]
    # Set only when the results must be scored again on the questions they share: each
    # result's questions, and per question list the positions of each domain's shared ones.
    questions: Mapping[int, QuestionList] = field(default_factory=dict)
    shared: Mapping[tuple[QuestionKey, ...], tuple[tuple[int, ...], ...]] = field(
        default_factory=dict
    )
    shared_questions: frozenset[str] | None = None  # None: every question

    @property
    def rescored(self) -> bool:
        return bool(self.shared)

    @property
    def domain_ids(self) -> tuple[str, ...]:
        return tuple(info.id for info in self.domains)


def _basis(items: Sequence[Scanned], read: QuestionSource) -> _Basis:
    """One questionnaire: as they are. Several: on what they share, reading their questions.

    ``items`` are oldest first; so are ``_Basis.items``.
    """
    newest = items[-1]
    versions = sorted({(item.questionnaire.title, item.questionnaire.version) for item in items})
    questionnaires = tuple(f"{title} {version}" for title, version in versions)
    bands = tuple(Band(*band) for band in newest.bands)
    notes = _band_note(items, newest)
    domain_lists = {tuple(map(_FIRST, item.domains)) for item in items}
    plain = _Basis(
        tuple(items),
        tuple(DomainInfo(d.id, d.title) for d in newest.domains),
        bands,
        questionnaires,
        tuple(notes),
    )
    if len({item.questionnaire for item in items}) == 1 and len(domain_lists) == 1:
        return plain
    questions = read(items)
    kept = [item for item in items if item.number in questions]
    if len(kept) < len(items):
        notes.append(
            f"{len(items) - len(kept):,} result(s) left out: their questions could not be "
            "read again (did the files change while being compared?)."
        )
    if not kept:
        raise ReadinessError("The results changed while being compared.", hint="Try again.")
    if len({questions[item.number].keys for item in kept}) == 1 and len(domain_lists) == 1:
        return replace(plain, items=tuple(kept), notes=tuple(notes))  # same questions
    return _shared_basis(kept, questions, replace(plain, notes=tuple(notes)))


def _shared_basis(
    items: Sequence[Scanned], questions: Mapping[int, QuestionList], plain: _Basis
) -> _Basis:
    newest = items[-1]
    lists = {questions[item.number].keys for item in items}
    domain_lists = {tuple(map(_FIRST, item.domains)) for item in items}
    titles = {d.id: d.title for item in items for d in item.domains}
    newest_ids = [d.id for d in newest.domains]
    order = newest_ids + [d for d in titles if d not in newest_ids]
    shared_domains = [d for d in order if all(d in ids for ids in domain_lists)]
    if not shared_domains:
        raise ReadinessError(
            "These results have no domain in common, so they cannot be compared.",
            hint="Compare results made with the same questionnaire. These come from: "
            f"{'; '.join(plain.questionnaires)}.",
        )
    pairs = set.intersection(*({(q.domain, q.id) for q in key} for key in lists))
    shared = {
        key: tuple(
            tuple(i for i, q in enumerate(key) if q.domain == domain and (q.domain, q.id) in pairs)
            for domain in shared_domains
        )
        for key in lists
    }
    notes = [
        *plain.notes,
        *_left_out_notes(items, questions, shared_domains, pairs, titles, plain.questionnaires),
    ]
    return _Basis(
        items=tuple(items),
        domains=tuple(DomainInfo(d, titles[d]) for d in shared_domains),
        bands=plain.bands,
        questionnaires=plain.questionnaires,
        notes=tuple(notes),
        questions=questions,
        shared=shared,
        shared_questions=frozenset(q for _d, q in pairs),
    )


def _band_note(items: Sequence[Scanned], newest: Scanned) -> list[str]:
    if all(item.bands == newest.bands for item in items):
        return []
    return [
        "The results use different bands; all scores are banded as in "
        f"{newest.questionnaire.label()}, the newest."
    ]


def _left_out_notes(
    items: Sequence[Scanned],
    questions: Mapping[int, QuestionList],
    shared_domains: Sequence[str],
    pairs: set[tuple[str, str]],
    titles: Mapping[str, str],
    questionnaires: Sequence[str],
) -> list[str]:
    has_domain: dict[str, set[str]] = defaultdict(set)
    left_questions: set[str] = set()
    for key in {questions[item.number].keys for item in items}:
        left_questions.update(
            q.id for q in key if q.domain in shared_domains and (q.domain, q.id) not in pairs
        )
    for item in items:
        for domain in item.domains:
            has_domain[domain.id].add(item.questionnaire.label())
    count = len({q for _d, q in pairs})
    notes = [
        f"The results come from different questionnaires ({'; '.join(questionnaires)}), "
        f"so they are compared on the {len(shared_domains)} domains and {count} questions "
        "they all share."
    ]
    notes += [
        f"Left out: the domain '{titles[domain_id]}', which only {', '.join(sorted(where))} has."
        for domain_id, where in has_domain.items()
        if domain_id not in shared_domains
    ]
    if left_questions:
        plural = "s" if len(left_questions) != 1 else ""
        notes.append(
            f"Left out: {len(left_questions)} question{plural} that not every "
            f"version asks ({', '.join(sorted(left_questions))}); domain scores "
            "are worked out again without them."
        )
    return notes


# ------------------------------------------------------------------------------ practices


class _Group(NamedTuple):
    """One practice's results: the latest from each respondent, and any earlier ones."""

    current: tuple[Scanned, ...]  # oldest first
    earlier: tuple[Scanned, ...]


def _practices(timeline: Sequence[Scanned]) -> list[_Group]:
    """Results grouped by practice, then respondent; ``timeline`` is oldest first."""
    by_practice: dict[tuple[str, str], dict[str, list[Scanned]]] = defaultdict(dict)
    for item in timeline:
        by_practice[practice_key(item)].setdefault(respondent_key(item.respondent), []).append(item)
    groups = []
    for respondents in by_practice.values():
        if len(respondents) == 1:
            (results,) = respondents.values()
            groups.append(_Group((results[-1],), tuple(results[:-1])))
            continue
        current = sorted((results[-1] for results in respondents.values()), key=_by_time)
        earlier = sorted((i for r in respondents.values() for i in r[:-1]), key=_by_time)
        groups.append(_Group(tuple(current), tuple(earlier)))
    return groups


class _Scorer:
    """Cells for each result, remembering the many that repeat (most scores do)."""

    def __init__(self, basis: _Basis) -> None:
        self.basis = basis
        self.domain_ids = basis.domain_ids
        self._labels: dict[QuestionnaireKey, str] = {}
        self._cells: dict[ScannedDomain, Cell] = {}
        self._overall: dict[float | None, Cell] = {}

    def cells(self, item: Scanned) -> tuple[Cell, tuple[Cell, ...]]:
        """A result's overall and domain scores (scored again on shared questions if need be)."""
        basis = self.basis
        if basis.rescored:
            return _rescored(item, basis)
        overall = self._overall.get(item.overall)
        if overall is None:
            overall = Cell(item.overall, band_index(basis.bands, item.overall))
            self._overall[item.overall] = overall
        domains = item.domains
        if tuple(map(_FIRST, domains)) == self.domain_ids:  # nearly always
            known = tuple(map(self._cells.get, domains))
            if None not in known:
                return overall, known  # type: ignore[return-value]  # no None, checked
            return overall, tuple(map(self._cell, domains))
        cells = []
        for position, info in enumerate(basis.domains):
            if position < len(domains) and domains[position].id == info.id:
                cells.append(self._cell(domains[position]))
            else:  # a result whose domains are in another order, or missing one
                found = next((d for d in domains if d.id == info.id), None)
                cells.append(NO_SCORE if found is None else self._cell(found))
        return overall, tuple(cells)

    def label(self, key: QuestionnaireKey) -> str:
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = key.label()
        return label

    def _cell(self, domain: ScannedDomain) -> Cell:
        cell = self._cells.get(domain)
        if cell is None:
            band = band_index(self.basis.bands, domain.score) if domain.enough_answers else None
            cell = self._cells[domain] = Cell(domain.score, band, domain.coverage)
        return cell


def _row(
    group: _Group, scorer: _Scorer, names: _Names, keep_all: bool, benchmark_ids: Sequence[str]
) -> PracticeRow:
    """A practice's row, named as recorded (``_order`` gives letters when anonymising)."""
    # Respondent numbers matter only when there are several; one respondent is number 1.
    numbers = _respondent_numbers(group) if len(group.current) > 1 else None
    responses = [_response(item, scorer, names, numbers, current=True) for item in group.current]
    if keep_all:
        responses += [
            _response(item, scorer, names, numbers, current=False) for item in group.earlier
        ]
    latest = group.current[-1]
    row = PracticeRow(  # by position: quicker, and this runs once per practice in England
        latest.name or latest.ods_code or "Unnamed practice",
        latest.name,
        latest.ods_code,
        latest.pcn,
        responses[0].overall,
        responses[0].domains,
        tuple(responses),
        (),
        _benchmark_answers(group, benchmark_ids),
    )
    if len(group.current) == 1:
        return row
    return _combined(row, responses[: len(group.current)], scorer.basis)


def _combined(row: PracticeRow, current: Sequence[Response], basis: _Basis) -> PracticeRow:
    """Several respondents: the practice scores their mean, and says where they differ."""
    count = len(basis.domains)
    return row._replace(
        overall=_mean_cell([r.overall for r in current], basis.bands),
        domains=tuple(
            _mean_cell([r.domains[i] for r in current], basis.bands) for i in range(count)
        ),
        agreement=tuple(_agreement([r.domains[i] for r in current]) for i in range(count)),
    )


def _respondent_numbers(group: _Group) -> dict[str, int]:
    """Respondent 1, 2, … in the order of their latest results."""
    return {
        respondent_key(item.respondent): number
        for number, item in enumerate(group.current, start=1)
    }


def _response(
    item: Scanned,
    scorer: _Scorer,
    names: _Names,
    numbers: Mapping[str, int] | None,
    *,
    current: bool,
) -> Response:
    overall, domains = scorer.cells(item)
    number = numbers[respondent_key(item.respondent)] if numbers else 1
    return Response(
        names.file(item),
        names.respondent(number, item.respondent),
        item.created_at,
        scorer.label(item.questionnaire),
        overall,
        domains,
        current,
    )


def band_index(bands: Sequence[Band], score: float | None) -> int | None:
    """The band a score falls in (``min`` included, ``max`` excluded; the last takes 100)."""
    if score is None:
        return None
    for position, band in enumerate(bands):
        if band.min <= score < band.max:
            return position
    return len(bands) - 1


def _rescored(item: Scanned, basis: _Basis) -> tuple[Cell, tuple[Cell, ...]]:
    """Domain and overall scores from the shared questions only, the way scoring.score works."""
    questions = basis.questions[item.number]
    cells = tuple(
        _rescored_domain(questions, positions, basis.bands)
        for positions in basis.shared[questions.keys]
    )
    weights = {domain.id: domain.weight for domain in item.domains}
    counted = [
        (weights[info.id], cell.score)
        for info, cell in zip(basis.domains, cells, strict=True)
        if cell.enough_answers and cell.score is not None
    ]
    total = sum(weight for weight, _score in counted)
    overall = round(sum(weight * score for weight, score in counted) / total, 1) if total else None
    return Cell(overall, band_index(basis.bands, overall)), cells


def _rescored_domain(
    questions: QuestionList, positions: Sequence[int], bands: Sequence[Band]
) -> Cell:
    total = answered = weighted = 0.0
    for position in positions:
        value = questions.scores[position]
        if value is None:
            continue
        weight = questions.keys[position].weight
        total += weight
        if value != UNANSWERED:
            answered += weight
            weighted += weight * value
    score = round(100 * weighted / answered, 1) if answered else None
    coverage = round(answered / total, 3) if total else 0.0
    enough = score is not None and coverage >= MIN_COVERAGE
    return Cell(score, band_index(bands, score) if enough else None, coverage)


def _mean_cell(cells: Sequence[Cell], bands: Sequence[Band]) -> Cell:
    """Several respondents' scores as one: the mean of those with enough answers."""
    scored = [cell.score for cell in cells if cell.enough_answers and cell.score is not None]
    coverage = max((cell.coverage for cell in cells), default=0.0)
    if not scored:
        return Cell(None, None, coverage)
    score = round(sum(scored) / len(scored), 1)
    return Cell(score, band_index(bands, score), coverage)


def _agreement(cells: Sequence[Cell]) -> Agreement:
    scored = [
        (cell.band, cell.score)
        for cell in cells
        if cell.band is not None and cell.score is not None
    ]
    if len(scored) < 2:
        return Agreement("unknown", None, None)
    spread = max(band for band, _ in scored) - min(band for band, _ in scored)
    kind: AgreementKind = "agree" if spread == 0 else "near" if spread == 1 else "split"
    return Agreement(kind, min(score for _, score in scored), max(score for _, score in scored))


def _benchmark_answers(group: _Group, benchmark_ids: Sequence[str]) -> tuple[bool | None, ...]:
    """Per survey figure: whether the practice is in its group, by its latest answer."""
    if len(group.current) == 1:
        benchmarks = group.current[0].benchmarks
        if tuple(map(_FIRST, benchmarks)) == benchmark_ids:  # nearly always
            return tuple(map(_THIRD, benchmarks))
    answers: dict[str, bool | None] = {}
    for item in group.current:  # oldest first, so later answers replace earlier ones
        for benchmark_id, _question, matches in item.benchmarks:
            if matches is not None or benchmark_id not in answers:
                answers[benchmark_id] = matches
    return tuple(answers.get(key) for key in benchmark_ids)


def _benchmark_ids(
    timeline: Sequence[Scanned], basis: _Basis, figures: Mapping[str, Figure]
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


def _order(
    pairs: list[tuple[PracticeRow, _Group]], sort: SortOrder, names: _Names
) -> list[tuple[PracticeRow, _Group]]:
    """Highest overall score first (no score last); anonymised letters follow this order."""

    def by_score(pair: tuple[PracticeRow, _Group]) -> tuple[bool, float, str, str]:
        row = pair[0]
        score = row.overall.score
        return (score is None, -(score or 0.0), row.label.casefold(), row.ods_code or "")

    ordered = sorted(pairs, key=by_score)
    if names.anonymise:
        ordered = [
            (
                row._replace(
                    label=names.practice(position, row.label),
                    name=None,
                    ods_code=None,
                    pcn=names.pcn(row.pcn),
                ),
                group,
            )
            for position, (row, group) in enumerate(ordered)
        ]
    if sort == "name":
        ordered.sort(key=lambda pair: (pair[0].label.casefold(), pair[0].ods_code or ""))
    return ordered


# ------------------------------------------------------------------------------ the network


def weak_band_count(band_count: int) -> int:
    """How many of the lowest bands count as weak: two, or one when there are fewer than three."""
    return 2 if band_count >= 3 else 1


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


def _title(pcn: str | None, rows: Sequence[PracticeRow], names: _Names) -> str:
    """--pcn as given; else the PCN every practice names; else "6 practices"."""
    if pcn:
        return names.pcn(pcn) or pcn
    recorded = [row.pcn for row in rows if row.pcn]
    if recorded and len(recorded) == len(rows) and len({pcn_key(n) for n in set(recorded)}) == 1:
        return recorded[0]
    count = len(rows)
    return f"{count:,} practice{'s' if count != 1 else ''}"


def _repeat_notes(
    pairs: Sequence[tuple[PracticeRow, _Group]], names: _Names, *, keep_all: bool
) -> list[str]:
    """Say which results of a practice were not used (or, with --all, not counted)."""
    notes = []
    for row, group in pairs:
        if not group.earlier:
            continue
        numbers = _respondent_numbers(group)
        listed = "; ".join(
            f"{names.file(item)} ({item.created_at[:10]}, "
            f"{names.respondent(numbers[respondent_key(item.respondent)], item.respondent)})"
            for item in group.earlier
        )
        count = len(group.earlier)
        plural = "s" if count != 1 else ""
        if keep_all:
            notes.append(
                f"{row.label}: {count} earlier result{plural} shown as well ({listed}); "
                "the practice's scores and the network figures use only the latest "
                "result from each respondent."
            )
        else:
            notes.append(
                f"{row.label}: {count} earlier result{plural} from the same "
                f"respondent not used ({listed}); the latest is used. Add --all to "
                "show them too."
            )
    return notes
