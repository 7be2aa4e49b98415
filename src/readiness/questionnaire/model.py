"""Frozen records for questionnaires, answers and scores.

The loader turns YAML into these once; nothing past the loader handles raw
dictionaries. This module imports nothing heavy so that every command can use it.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Literal, TypeAlias

from msgspec import Struct, field

from readiness.results.identity import display_name

QuestionType: TypeAlias = Literal["single", "multi", "yes_no", "scale", "number", "text"]
QUESTION_TYPES: tuple[QuestionType, ...] = ("single", "multi", "yes_no", "scale", "number", "text")
CHOICE_TYPES: frozenset[str] = frozenset({"single", "multi", "yes_no", "scale"})


class DontKnow(enum.Enum):
    """The "Don't know" answer: stored as such, never as "No" or as a score of 0."""

    DONT_KNOW = "dont_know"

    def __str__(self) -> str:
        return "Don't know"


DONT_KNOW = DontKnow.DONT_KNOW
DONT_KNOW_TEXT = DONT_KNOW.value

Answer: TypeAlias = "str | tuple[str, ...] | float | DontKnow"


class Choice(Struct, frozen=True):
    """One answer a choice question offers."""

    value: str
    label: str
    score: float | None  # None only in a context question, which is never scored
    not_applicable: bool = False
    exclusive: bool = False


class NumberRange(Struct, frozen=True):
    """Scores a number answer: ``min`` included, ``max`` excluded."""

    min: float
    max: float
    score: float

    def contains(self, number: float) -> bool:
        return self.min <= number < self.max


class Evidence(Struct, frozen=True):
    """The seed document and finding a question derives from."""

    source: str
    finding: str  # verbatim from the source, unless ``paraphrase``
    paraphrase: bool = False
    anchor: str | None = None  # the verbatim words a paraphrase rests on
    said_by: str | None = None  # whose words they are, where a person said them


class BenchmarkLink(Struct, frozen=True):
    """Which answers put the practice in the group a survey figure describes."""

    benchmark_id: str
    matches: tuple[str, ...] = ()
    # The answers that make up everyone outside the reported group: only where the survey
    # question was plainly binary, so that the rest of the respondents gave these answers.
    complement: tuple[str, ...] = ()
    at_most: float | None = None
    at_least: float | None = None


class Question(Struct, frozen=True):
    """One question, as validated by the loader."""

    id: str
    domain_id: str
    text: str
    help: str
    type: QuestionType
    evidence: Evidence
    choices: tuple[Choice, ...] = ()
    weight: float = 1.0
    dont_know: bool = True
    when: str | None = None
    benchmark: BenchmarkLink | None = None
    recommendations: tuple[str, ...] = ()
    # A condition around the practice (its population, its hospital): asked, kept and shown
    # beside the surveys, never scored.
    context: bool = False
    quick: bool = False  # asked in the five-minute quick check
    find_out: str | None = None  # the step for a "Don't know": how to find the answer out
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None
    ranges: tuple[NumberRange, ...] = ()

    @property
    def scored(self) -> bool:
        """Whether answers to this question count towards the domain score."""
        if self.context or self.weight <= 0 or self.type == "text":
            return False
        return self.type != "number" or bool(self.ranges)

    def choice(self, value: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.value == value), None)


class Domain(Struct, frozen=True):
    """A barrier domain: a titled group of questions with a weight."""

    id: str
    title: str
    description: str
    weight: float
    questions: tuple[Question, ...]


class Band(Struct, frozen=True):
    """A readiness band: ``min`` included, ``max`` excluded (the last includes 100)."""

    id: str
    label: str
    min: float
    max: float


class Source(Struct, frozen=True):
    """A published source of survey figures."""

    id: str
    file: str
    publisher: str
    title: str
    published: str
    sampled: str
    fieldwork: str | None = None
    sample_size: int | None = None
    sample_size_note: str | None = None
    # True where the source gives only a floor ("more than 200"): the figure used is that floor.
    sample_size_is_minimum: bool = False
    # Who answered, as one phrase: "270 GPs and healthcare professionals who answered …".
    respondents: str | None = None

    def citation(self) -> str:
        when = self.fieldwork or self.published
        return f"{self.publisher}, {self.title} ({when})"


class Benchmark(Struct, frozen=True):
    """One figure from the sources that a practice can be set beside."""

    id: str
    source: Source
    statement: str
    value: float
    unit: str
    quote: str
    sample_size: int | None = None
    value_note: str | None = None
    # The source gives only a floor ("more than half"): ``value`` is that floor, not a value.
    value_is_lower_bound: bool = False
    value_words: str | None = None  # the source's words for the value, e.g. "more than half"
    # Not a share of survey respondents (a list size, a national count): context only.
    context: bool = False

    @property
    def effective_sample_size(self) -> int | None:
        return self.sample_size if self.sample_size is not None else self.source.sample_size

    @property
    def ci95(self) -> tuple[float, float] | None:
        """The 95% Wilson interval, in percent, for a percentage with a known sample."""
        n = self.effective_sample_size
        if not is_share_of_respondents(self.unit, context=self.context) or not n:
            return None
        if self.value_is_lower_bound:
            return None  # a bound has no interval: the true share is above it, not around it
        return wilson_interval(self.value / 100, n)


def is_share_of_respondents(unit: str, *, context: bool) -> bool:
    """Whether a figure is a share of survey respondents, the only kind a practice can
    stand beside; anything else (a list size, a national count, a figure marked context)
    is context. The one rule: figures, reports and compare all ask it."""
    return unit == "percent" and not context


def wilson_interval(proportion: float, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval for a proportion, returned in percent, rounded to 0.1."""
    denominator = 1 + z * z / n
    centre = (proportion + z * z / (2 * n)) / denominator
    half_width = (
        z * math.sqrt(proportion * (1 - proportion) / n + z * z / (4 * n * n)) / denominator
    )
    low, high = max(0.0, centre - half_width), min(1.0, centre + half_width)
    return (round(low * 100, 1), round(high * 100, 1))


class GlossaryTerm(Struct, frozen=True):
    term: str
    name: str
    meaning: str


class Questionnaire(Struct, frozen=True, dict=True):
    """A whole questionnaire: manifest, domains, benchmark catalogue and glossary."""

    id: str
    title: str
    version: str
    description: str
    domains: tuple[Domain, ...]
    bands: tuple[Band, ...]
    benchmarks: tuple[Benchmark, ...]
    sha256: str
    folder: Path
    glossary: tuple[GlossaryTerm, ...] = ()
    # Every source in the catalogue, also those no figure comes from (cited as evidence).
    sources: tuple[Source, ...] = ()
    demo_answers: Path | None = None

    @cached_property
    def _questions(self) -> Mapping[str, Question]:
        # Every question by id, made once from the domains (``dict=True`` keeps it apart
        # from the fields, so it takes no part in equality, hashing or pickling).
        return {question.id: question for domain in self.domains for question in domain.questions}

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question in asking order."""
        return tuple(self._questions.values())

    def question(self, question_id: str) -> Question | None:
        return self._questions.get(question_id)

    def domain(self, domain_id: str) -> Domain | None:
        return next((domain for domain in self.domains if domain.id == domain_id), None)

    def benchmark(self, benchmark_id: str) -> Benchmark | None:
        return next((item for item in self.benchmarks if item.id == benchmark_id), None)


class Practice(Struct, frozen=True):
    """Who the assessment is for. Every field may be unknown."""

    name: str | None = None
    ods_code: str | None = None
    pcn: str | None = None
    # Who answered (a name or a role, e.g. "Practice manager"): tells several respondents
    # for one practice apart from the same person answering again later.
    respondent: str | None = None

    def display_name(self) -> str:
        return display_name(self.name, self.ods_code)


class Target(Struct, frozen=True):
    """The answer a practice means to reach on a question, and the month it aims for."""

    answer: Answer
    by: str | None = None  # "2027-03"; None: 12 months after the assessment


class AnswerSet(Struct, frozen=True):
    """A practice's answers, keyed by question id, in the order they were given.

    ``notes`` holds the practice's note on any answer (why it answered so, or the evidence
    behind it), keyed by question id; at most ``answers.MAX_NOTE`` characters each.
    """

    practice: Practice
    answers: Mapping[str, Answer]
    notes: Mapping[str, str] = field(default_factory=dict)
    targets: Mapping[str, Target] = field(default_factory=dict)
    # A quick check: only the questionnaire's quick questions were asked (questionnaire.quick).
    quick: bool = False
