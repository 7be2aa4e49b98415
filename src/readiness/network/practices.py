"""Results grouped into practices and respondents, each practice's row, and the names shown."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from readiness.network.basis import Basis, rescored
from readiness.network.records import (
    ID,
    MATCHES,
    NO_SCORE,
    NOT_RECORDED,
    Agreement,
    AgreementKind,
    Cell,
    PracticeRow,
    Response,
    SortOrder,
)
from readiness.questionnaire.model import Band
from readiness.results.fast import QuestionnaireKey, Scanned, ScannedDomain, Unreadable
from readiness.results.identity import pcn_key, practice_key, respondent_key, time_key
from readiness.scoring import band_index


def result_practice(item: Scanned) -> tuple[str, str]:
    """Which practice a result is for: its ODS code, else its name, else the file itself."""
    return practice_key(item.ods_code, item.name) or ("file", str(item.number))


def by_time(item: Scanned) -> tuple[tuple[str, int], int]:
    return (time_key(item.created_at), item.number)


class Names:
    """Practice, PCN, respondent and file names as shown: real, or letters when anonymised."""

    def __init__(self, anonymise: bool, *, shown: Mapping[str, str] | None = None) -> None:
        self.anonymise = anonymise
        self._pcns: dict[str, str] = {}
        self._shown = shown or {}  # a result scored from a filled form: named by the form

    def file(self, item: Scanned | Unreadable) -> str:
        if self.anonymise:
            return f"file {item.number}"
        return self._shown.get(item.path, str(item.path))

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


QUICK_LABEL = " (quick check)"


class Group(NamedTuple):
    """One practice's results: the latest from each respondent, and any earlier ones."""

    current: tuple[Scanned, ...]  # oldest first
    earlier: tuple[Scanned, ...]


def group_practices(timeline: Sequence[Scanned]) -> list[Group]:
    """Results grouped by practice, then respondent; ``timeline`` is oldest first."""
    by_practice: dict[tuple[str, str], dict[str, list[Scanned]]] = defaultdict(dict)
    for item in timeline:
        by_practice[result_practice(item)].setdefault(respondent_key(item.respondent), []).append(
            item
        )
    groups = []
    for respondents in by_practice.values():
        if len(respondents) == 1:
            (results,) = respondents.values()
            groups.append(Group((results[-1],), tuple(results[:-1])))
            continue
        current = sorted((results[-1] for results in respondents.values()), key=by_time)
        earlier = sorted((i for r in respondents.values() for i in r[:-1]), key=by_time)
        groups.append(Group(tuple(current), tuple(earlier)))
    return groups


class Scorer:
    """Cells for each result, remembering the many that repeat (most scores do)."""

    def __init__(self, basis: Basis) -> None:
        self.basis = basis
        self.domain_ids = basis.domain_ids
        self._labels: dict[QuestionnaireKey, str] = {}
        self._cells: dict[ScannedDomain, Cell] = {}
        self._overall: dict[float | None, Cell] = {}

    def cells(self, item: Scanned) -> tuple[Cell, tuple[Cell, ...]]:
        """A result's overall and domain scores (scored again on shared questions if need be)."""
        basis = self.basis
        if basis.is_rescored:
            return rescored(item, basis)
        overall = self._overall.get(item.overall)
        if overall is None:
            overall = Cell(item.overall, band_index(basis.bands, item.overall))
            self._overall[item.overall] = overall
        domains = item.domains
        if tuple(map(ID, domains)) == self.domain_ids:  # nearly always
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


def practice_row(
    group: Group, scorer: Scorer, names: Names, keep_all: bool, benchmark_ids: Sequence[str]
) -> PracticeRow:
    """A practice's row, named as recorded (``ordered`` gives letters when anonymising)."""
    # Respondent numbers matter only when there are several; one respondent is number 1.
    numbers = respondent_numbers(group) if len(group.current) > 1 else None
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


def _combined(row: PracticeRow, current: Sequence[Response], basis: Basis) -> PracticeRow:
    """Several respondents: the practice scores their mean, and says where they differ."""
    count = len(basis.domains)
    return row._replace(
        overall=_mean_cell([r.overall for r in current], basis.bands),
        domains=tuple(
            _mean_cell([r.domains[i] for r in current], basis.bands) for i in range(count)
        ),
        agreement=tuple(_agreement([r.domains[i] for r in current]) for i in range(count)),
    )


def respondent_numbers(group: Group) -> dict[str, int]:
    """Respondent 1, 2, … in the order of their latest results."""
    return {
        respondent_key(item.respondent): number
        for number, item in enumerate(group.current, start=1)
    }


def _response(
    item: Scanned,
    scorer: Scorer,
    names: Names,
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
        scorer.label(item.questionnaire) + (QUICK_LABEL if item.quick else ""),
        overall,
        domains,
        current,
        item.quick,
    )


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


def _benchmark_answers(group: Group, benchmark_ids: Sequence[str]) -> tuple[bool | None, ...]:
    """Per survey figure: whether the practice is in its group, by its latest answer."""
    if len(group.current) == 1:
        benchmarks = group.current[0].benchmarks
        if tuple(map(ID, benchmarks)) == benchmark_ids:  # nearly always
            return tuple(map(MATCHES, benchmarks))
    answers: dict[str, bool | None] = {}
    for item in group.current:  # oldest first, so later answers replace earlier ones
        for benchmark_id, _question, matches in item.benchmarks:
            if matches is not None or benchmark_id not in answers:
                answers[benchmark_id] = matches
    return tuple(answers.get(key) for key in benchmark_ids)


def ordered(
    pairs: list[tuple[PracticeRow, Group]], sort: SortOrder, names: Names
) -> list[tuple[PracticeRow, Group]]:
    """Highest overall score first (no score last); anonymised letters follow this order."""

    def by_score(pair: tuple[PracticeRow, Group]) -> tuple[bool, float, str, str]:
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
