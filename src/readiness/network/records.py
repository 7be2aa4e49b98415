"""The comparison's records: cells, practices, network summaries, survey figures and notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import Literal, NamedTuple, TypeAlias

from msgspec import Struct

from readiness.errors import InvalidFileError, Problem
from readiness.questionnaire.model import Band
from readiness.results.fast import DomainInfo, Figure, Skipped

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


# The id of a domain or survey match, and a match's answer (``results.fast`` records).
ID = attrgetter("id")
MATCHES = attrgetter("matches")


NoteKind: TypeAlias = Literal["basis", "other_pcns", "earlier_not_used", "earlier_shown"]


class Note(NamedTuple):
    """Something the reader of a comparison should know, as facts: ``report`` words it
    (and names the options, such as --pcn and --all, that the command line offers)."""

    kind: NoteKind
    text: str  # "basis": the whole sentence; otherwise the PCNs or files concerned
    practice: str = ""  # the practice concerned, as shown
    results: int = 0  # how many results


class Cell(NamedTuple):
    """A score in one domain (or overall) and its band, (an index into its ``bands``)."""

    score: float | None
    band: int | None  # None when there are not enough answers to score
    coverage: float = 1.0

    @property
    def enough_answers(self) -> bool:
        return self.band is not None


NO_SCORE = Cell(None, None, 0.0)


class Response(NamedTuple):
    """One result in the comparison: one respondent's view of a practice on one date."""

    file: str  # the file's path, or "file 3" when anonymised
    respondent: str  # as recorded, NOT_RECORDED, or "Respondent 1" when anonymised
    created_at: str
    questionnaire: str  # questionnaire id and version
    overall: Cell
    domains: tuple[Cell, ...]  # in the order of NetworkComparison.domains
    current: bool  # False for an earlier result kept with --all: shown, not counted
    quick: bool = False  # a quick check: only the quick questions were asked


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
    benchmarks: tuple[bool | None, ...]  # in the order of NetworkComparison.benchmarks

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
    band_counts: tuple[int, ...]  # practices per band, in the order of NetworkComparison.bands
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


class Entry(NamedTuple):
    """A practice in the round's lists: as shown (a letter when anonymised), and a date."""

    label: str
    when: str | None = None  # the practice's latest result, for stale ones
    results: int = 0  # results sent, for duplicates


class Round(Struct, frozen=True):
    """Who has returned, against the PCN's list."""

    expected: int
    returned: int
    waiting: tuple[Entry, ...]  # empty when anonymised (only the count is kept)
    waiting_count: int
    unexpected: tuple[Entry, ...]  # results from practices not on the list
    duplicates: tuple[Entry, ...]  # practices that sent the same respondent's results twice
    stale: tuple[Entry, ...]  # practices whose latest result is older than ``since``
    since: str | None  # ISO date
    notes: tuple[str, ...]


class LongRow(NamedTuple):
    """One answered question of one result, for the long table."""

    ods_code: str | None
    practice: str
    pcn: str | None
    respondent: str
    date: str
    questionnaire: str
    domain: str
    question: str
    value: str | float | None
    label: str
    score: float | None
    weight: float
    scored: str  # "scored" or "context" (asked and kept, never scored)
    quick: str  # "quick" or "full"


class PracticeNotes(Struct, frozen=True):
    label: str
    notes: tuple[tuple[str, str, str], ...]  # question text, answer, note


class TargetSummary(Struct, frozen=True):
    """The network's position now and at its targets, in one domain (or overall)."""

    domain: DomainInfo
    current: float | None  # median score of the practices with targets
    target: float | None  # median of the scores their targets would give
    aiming: int  # practices whose target score is above their score
    with_targets: int  # practices that set any target


class SharedStep(Struct, frozen=True):
    """One suggested step (or question) and the practices that plan to act on it."""

    text: str  # the step, or "Steps on: <question>"
    question: str
    practices: int
    total: int
    labels: tuple[str, ...]  # () when anonymised
    earliest: str  # "2027-01"
    latest: str

    @property
    def shared(self) -> bool:
        return self.total >= 2 and self.practices * 2 > self.total

    def sentence(self) -> str:
        """Gives "4 of 7 practices plan to: Recruit a care co-ordinator (due 2027-01 to
        2027-03): doing it together as a PCN may serve them"."""
        plural = "practice plans" if self.practices == 1 else "practices plan"
        due = self.earliest if self.earliest == self.latest else f"{self.earliest} to {self.latest}"
        text = f"{self.practices} of {self.total} {plural} to: {self.text} (due {due})"
        return text + (": doing it together as a PCN may serve them" if self.shared else "")


class NetworkPlans(Struct, frozen=True):
    practices_with_plans: int
    total: int
    steps: tuple[SharedStep, ...]  # shared by more than half first, then by count


class NetworkComparison(Struct, frozen=True):
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
    notes: tuple[Note, ...]
    skipped: tuple[Skipped, ...]
    files_read: int
    newest: str  # created_at of the newest result used: the comparison's date
    collection: Round | None = None  # with --expect: who has returned, against the list
    answers: tuple[LongRow, ...] = ()  # the long table, when asked for (network.longtable)
    # Notes on answers per practice (none when anonymised, unless --keep-notes).
    answer_notes: tuple[PracticeNotes, ...] = ()
    targets: tuple[TargetSummary, ...] = ()  # per domain, then overall; () if no targets
    plans: NetworkPlans | None = None  # None when no action plan was given

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


def weak_band_count(band_count: int) -> int:
    """How many of the lowest bands count as weak: two, or one when there are fewer than three."""
    return 2 if band_count >= 3 else 1
