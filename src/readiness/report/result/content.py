"""What every report says, worked out once from a result: the formats only lay it out.

The terminal, HTML, Markdown and CSV reports all show the same facts (domain
scores, survey figures with their sources, the action plan, how scores are
worked out). Gathering them here keeps the wording and the numbers identical
across formats, and keeps each format module about layout alone.
"""

from __future__ import annotations

from msgspec import Struct

from readiness.figures import (
    CONTEXT_LABEL,
    Standing,
    figure_sentence,
    format_interval,
    sample_text,
    standing_text,
    value_text,
)
from readiness.figures import (
    evidence_text as figures_evidence_text,
)
from readiness.months import month_words
from readiness.plans.progress import Progress
from readiness.questionnaire.model import is_share_of_respondents
from readiness.report.dates import long_date, survey_when
from readiness.results.record import (
    BenchmarkRecord,
    DomainResult,
    QuestionRecord,
    RecommendationRecord,
    ResultFile,
)
from readiness.scoring import MIN_COVERAGE, MIN_OVERALL_WEIGHT, RECOMMEND_UP_TO

WEAKEST_COUNT = 3
# The terminal shows this many next steps, most impact first across every domain.
TOP_STEPS = 5
TOO_FEW = "Too few answers"
CONTEXT_TITLE = "The conditions around your practice"
CONTEXT_INTRO = (
    "These questions ask about conditions around the practice, such as its population, "
    "its list size per GP and its hospitals, rather than what it can change. They are "
    "shown beside the survey figures but never change a score."
)
# How each question counted, as the CSV and the answers table say it.
STATUS_TEXT = {
    "scored": "Scored",
    "dont_know": "Not scored: don't know",
    "not_applicable_choice": "Not scored: does not apply",
    "unanswered": "Not scored: not answered",
    "not_asked": "Not asked: does not apply to your practice",
    "unscored": "Not scored: for information",
}
CONTEXT_STATUS = "Not scored: a condition around the practice"


class DomainLine(Struct, frozen=True):
    """One domain as every report shows it."""

    id: str
    title: str
    weight: float
    score: float | None
    band_id: str | None
    band_label: str
    band_rank: int  # 0 for the lowest band; -1 when the domain is not scored
    answered: int
    applicable: int
    enough_answers: bool
    target: float | None = None  # the score the practice's targets would give
    target_by: str = ""  # the latest month a target in the domain is due, "2027-03"
    dont_know: int = 0

    @property
    def score_text(self) -> str:
        return score_text(self.score)

    @property
    def target_text(self) -> str:
        return score_text(self.target)

    @property
    def target_by_text(self) -> str:
        """Gives "March 2027", or "" when no target in the domain."""
        return month_words(self.target_by) if self.target_by else ""

    @property
    def gap(self) -> float | None:
        """How far the target is above the current score, in points."""
        if self.target is None or self.score is None:
            return None
        return round(self.target - self.score, 1)

    @property
    def gap_text(self) -> str:
        """Gives "+25" (25 points to go), "0", or "—"."""
        gap = self.gap
        if gap is None:
            return "—"
        return f"+{gap:.0f}" if round(gap) > 0 else f"{gap:.0f}"

    @property
    def coverage_text(self) -> str:
        """Gives "7 of 8 answered"."""
        return f"{self.answered} of {self.applicable} answered"


def dont_know_summary(result: ResultFile) -> str:
    """How many "Don't know" answers each domain has, in a sentence ("" when none)."""
    found = [f"{line.title} {line.dont_know}" for line in domain_lines(result) if line.dont_know]
    if not found:
        return ""
    return (
        f"“Don't know” answers: {', '.join(found)}. Each one brings a step to find the "
        "answer out in the action plan."
    )


class BenchmarkLine(Struct, frozen=True):
    """One survey figure beside the practice's answer, with everything needed to cite it."""

    number: int  # 1-based, the same in the chart, the table and every format
    id: str
    question_id: str
    question_text: str
    domain_id: str
    statement: str
    value: float
    unit: str
    value_text: str  # "75%"
    interval_text: str  # "95% CI 69.5–79.8%", or "" when there is none
    ci95: tuple[float, float] | None
    sample_size: int | None
    who: str  # "270 GPs and healthcare professionals"
    when: str  # "24 June to 7 July 2021"
    publisher: str
    source_title: str
    published: str  # "2 August 2021"
    value_note: str | None
    answer_label: str
    standing: Standing | None  # figures.standing; None when there is no usable answer
    standing_text: str  # "Like most respondents", from figures.STANDING_TEXT
    sentence: str  # "75% of 270 GPs … (24 June to 7 July 2021) said their practice had …"
    lower_bound: bool  # the figure is a floor ("more than half"): no interval
    context_figure: bool  # not a share of respondents (a list size, a count)
    context_question: bool  # linked to a condition around the practice, not a score
    answered: bool = True  # the question has an answer (even "Don't know")

    @property
    def figure_text(self) -> str:
        """The sentence, with its interval where there is one."""
        if self.interval_text:
            return f"{self.sentence[:-1]} ({self.interval_text})."
        return self.sentence

    @property
    def survey_text(self) -> str:
        """``figure_text``, labelled "Context:" for a figure that is not a share of anyone."""
        return f"{CONTEXT_LABEL}: {self.figure_text}" if self.context_figure else self.figure_text

    @property
    def source_text(self) -> str:
        """Publisher, title and publication date, for example "…, published 2 August 2021"."""
        return f"{self.publisher}, {self.source_title}, published {self.published}"

    @property
    def is_percent(self) -> bool:
        return self.unit == "percent"


class ActionLine(Struct, frozen=True):
    """One recommended next step and the answer that triggered it."""

    text: str
    impact: float
    question_id: str
    question_text: str
    answer_label: str
    domain_title: str = ""
    kind: str = "improve"  # "find_out" after a "Don't know"


class ActionGroup(Struct, frozen=True):
    """The next steps one answer triggered, to show the reason once."""

    question_text: str
    answer_label: str
    steps: tuple[str, ...]


class ActionDomain(Struct, frozen=True):
    """A domain in the action plan, with its next steps, most impact first."""

    domain: DomainLine
    actions: tuple[ActionLine, ...]

    @property
    def groups(self) -> tuple[ActionGroup, ...]:
        """The steps gathered by the answer that triggered them, keeping impact order."""
        order = list(dict.fromkeys(action.question_id for action in self.actions))
        groups = []
        for question_id in order:
            mine = [action for action in self.actions if action.question_id == question_id]
            groups.append(
                ActionGroup(
                    question_text=mine[0].question_text,
                    answer_label=mine[0].answer_label,
                    steps=tuple(action.text for action in mine),
                )
            )
        return tuple(groups)


class AnswerLine(Struct, frozen=True):
    """One question and its answer, for the appendix and the CSV."""

    domain_id: str
    domain_title: str
    question: QuestionRecord
    status_text: str
    benchmark: BenchmarkLine | None
    note: str = ""  # the practice's note on the answer
    target_text: str = ""  # "Target: Yes, in post now, by March 2027"

    @property
    def evidence(self) -> str:
        """Why the question is asked: its finding, who said it and the source."""
        return evidence_text(self.question)


def score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.0f}"


def count_words(count: int) -> str:
    """Small counts as words, as in "your three weakest domains"."""
    return ("no", "one", "two", "three", "four", "five")[count] if 0 <= count <= 5 else str(count)


def quick_text(result: ResultFile) -> str | None:
    """ "Quick check: 14 of 52 questions asked", for a quick check; None for a full one."""
    if not result.quick:
        return None
    asked = len(result.questions)
    full = result.full_question_count
    of = f" of {full}" if full else ""
    return (
        f"Quick check: {asked}{of} questions asked; scored by the same rules, on those "
        "questions only"
    )


def questionnaire_text(result: ResultFile) -> str:
    """The questionnaire and version, and "quick check" with its coverage where it is one."""
    questionnaire = result.questionnaire
    text = f"{questionnaire.title}, version {questionnaire.version}"
    quick = quick_text(result)
    return f"{text} ({quick[0].lower()}{quick[1:]})" if quick else text


def assessed_on(result: ResultFile) -> str:
    return long_date(result.created_at)


def band_rank(result: ResultFile, band_id: str | None) -> int:
    ids = [band.id for band in result.bands]
    return ids.index(band_id) if band_id in ids else -1


def domain_lines(result: ResultFile) -> tuple[DomainLine, ...]:
    return tuple(
        _domain_line(result, domain_id, domain)
        for domain_id, domain in result.scores.domains.items()
    )


def _domain_line(result: ResultFile, domain_id: str, domain: DomainResult) -> DomainLine:
    # A score resting on too few answers is shown, but not given a band as if it counted.
    counted = domain.enough_answers and domain.score is not None
    aimed = result.target_scores.domains.get(domain_id) if result.target_scores else None
    months = [
        target.by
        for question in result.questions
        if question.domain == domain_id and (target := result.targets.get(question.id))
    ]
    return DomainLine(
        target=aimed.score if aimed is not None and months else None,
        target_by=max(months, default=""),
        id=domain_id,
        title=domain.title,
        weight=domain.weight,
        score=domain.score,
        band_id=domain.band,
        band_label=(domain.band_label or "Not scored") if counted else TOO_FEW,
        band_rank=band_rank(result, domain.band) if counted else -1,
        answered=domain.answered,
        applicable=domain.applicable,
        enough_answers=domain.enough_answers,
        dont_know=domain.dont_know,
    )


def benchmark_lines(result: ResultFile) -> tuple[BenchmarkLine, ...]:
    """Every survey figure beside its question's answer: those beside scored questions
    first, then those beside context questions, numbered in that order."""
    questions = {question.id: question for question in result.questions}
    ordered = sorted(
        result.benchmarks,
        key=lambda item: (
            (question := questions.get(item.question)) is not None and question.context
        ),
    )
    return tuple(
        _benchmark_line(number, item, questions.get(item.question))
        for number, item in enumerate(ordered, start=1)
    )


def _benchmark_line(
    number: int, item: BenchmarkRecord, question: QuestionRecord | None
) -> BenchmarkLine:
    source = item.source
    when = survey_when(source.fieldwork, source.published)
    domain_id = question.domain if question else ""
    question_text = question.text if question else item.question
    question_context = question.context if question else False
    return BenchmarkLine(
        number=number,
        id=item.id,
        question_id=item.question,
        question_text=question_text,
        domain_id=domain_id,
        statement=item.statement,
        value=item.value,
        unit=item.unit,
        value_text=value_text(item.value, item.unit, value_words=item.value_words),
        interval_text=format_interval(item.ci95),
        ci95=item.ci95,
        sample_size=item.sample_size,
        who=source.respondents
        or sample_text(item.sample_size, item.sampled, is_minimum=item.sample_size_is_minimum),
        when=when,
        publisher=source.publisher,
        source_title=source.title,
        published=long_date(source.published),
        value_note=item.value_note,
        answer_label=item.answer_label,
        standing=item.standing,
        standing_text=standing_text(item.standing),
        sentence=figure_sentence(
            statement=item.statement,
            value=item.value,
            unit=item.unit,
            when=when,
            respondents=source.respondents,
            sample_size=item.sample_size,
            sampled=item.sampled,
            is_minimum=item.sample_size_is_minimum,
            lower_bound=item.value_is_lower_bound,
            value_words=item.value_words,
            context=item.context,
        ),
        lower_bound=item.value_is_lower_bound,
        context_figure=not is_share_of_respondents(item.unit, context=item.context),
        context_question=question_context,
        answered=item.answer is not None,
    )


def answer_lines(result: ResultFile) -> tuple[AnswerLine, ...]:
    titles = {domain_id: d.title for domain_id, d in result.scores.domains.items()}
    by_question = {line.question_id: line for line in benchmark_lines(result)}
    return tuple(
        AnswerLine(
            domain_id=q.domain,
            domain_title=titles.get(q.domain, q.domain),
            question=q,
            status_text=CONTEXT_STATUS
            if q.context and q.status != "not_asked"
            else STATUS_TEXT.get(q.status, q.status),
            benchmark=by_question.get(q.id),
            note=result.notes.get(q.id, ""),
            target_text=target_text(result, q.id),
        )
        for q in result.questions
    )


class SinceLastTime(Struct, frozen=True):
    """The "Since last time" section: the plan's steps and the targets, as sentences."""

    heading: str  # "Since last time (15 January 2026)"
    summary: str  # "2 of 3 steps done; 1 overdue."
    steps: tuple[tuple[str, bool], ...]  # each step's sentence, and whether it is overdue
    targets: tuple[str, ...]


def since_last_time(progress: Progress | None) -> SinceLastTime | None:
    if progress is None:
        return None
    done, total = progress.done
    summary = f"{done} of {total} planned step{'s' if total != 1 else ''} done"
    if progress.overdue:
        summary += f"; {progress.overdue} overdue (flagged below)"
    if not progress.steps:
        summary = "No action plan was kept since then"
    return SinceLastTime(
        heading=f"Since last time ({long_date(progress.since)})",
        summary=summary + ".",
        steps=tuple((item.sentence(), item.overdue) for item in progress.steps),
        targets=tuple(item.sentence() for item in progress.targets),
    )


def target_text(result: ResultFile, question_id: str) -> str:
    """Gives "Target: Yes, in post now, by March 2027", or "" when there is no target."""
    target = result.targets.get(question_id)
    if target is None:
        return ""
    return f"Target: {target.answer_label}, by {month_words(target.by)}"


def has_targets(result: ResultFile) -> bool:
    return result.target_scores is not None


def noted_lines(result: ResultFile) -> tuple[AnswerLine, ...]:
    """The answers that carry a note or a target, in asking order."""
    return tuple(line for line in answer_lines(result) if line.note or line.target_text)


def context_lines(result: ResultFile) -> tuple[AnswerLine, ...]:
    """The context questions answered, with their answers and survey figures (the answers
    list shows the unanswered ones)."""
    return tuple(
        line
        for line in answer_lines(result)
        if line.question.context and line.question.answer is not None
    )


def comparison_lines(result: ResultFile) -> tuple[BenchmarkLine, ...]:
    """Survey figures beside scored questions (context questions have their own section)."""
    return tuple(line for line in benchmark_lines(result) if not line.context_question)


def evidence_text(question: QuestionRecord) -> str:
    """Why a question is asked: the finding, who said it, and where, in one line."""
    evidence = question.evidence
    if evidence is None:
        return ""
    return figures_evidence_text(
        finding=evidence.finding,
        paraphrase=evidence.paraphrase,
        said_by=evidence.said_by,
        where=evidence.source or evidence.file,
    )


def action_plan(result: ResultFile) -> tuple[ActionDomain, ...]:
    """Every scored domain with the next steps its answers triggered, weakest first.

    Domains with enough answers come first; a domain scored on too few answers
    follows them, so that a score resting on one answer never leads the plan.
    """
    questions = {question.id: question for question in result.questions}
    plan = [
        ActionDomain(domain=line, actions=_actions(result, questions, line))
        for line in domain_lines(result)
    ]
    # A domain with too few answers to score still shows the steps its answers brought up.
    shown = [item for item in plan if item.domain.score is not None or item.actions]
    return tuple(
        sorted(
            shown,
            key=lambda item: (
                not item.domain.enough_answers,
                item.domain.score if item.domain.score is not None else 100.0,
            ),
        )
    )


def _actions(
    result: ResultFile, questions: dict[str, QuestionRecord], domain: DomainLine
) -> tuple[ActionLine, ...]:
    return tuple(
        _action_line(result, questions, item)
        for item in result.recommendations
        if item.domain == domain.id
    )


def _action_line(
    result: ResultFile, questions: dict[str, QuestionRecord], item: RecommendationRecord
) -> ActionLine:
    domain = result.scores.domains.get(item.domain)
    return ActionLine(
        text=item.text,
        impact=item.impact,
        question_id=item.question,
        question_text=_question_text(questions, item.question),
        answer_label=_answer_label(questions, item.question),
        domain_title=domain.title if domain else item.domain,
        kind=item.kind,
    )


def top_steps(result: ResultFile, count: int = TOP_STEPS) -> tuple[ActionLine, ...]:
    """The next steps with most impact across every domain (the result keeps that order)."""
    questions = {question.id: question for question in result.questions}
    return tuple(_action_line(result, questions, item) for item in result.recommendations[:count])


def weakest_domains(result: ResultFile) -> tuple[ActionDomain, ...]:
    """The three weakest domains with enough answers, and their next steps: where to start."""
    plan = action_plan(result)
    return tuple(item for item in plan if item.domain.enough_answers)[:WEAKEST_COUNT]


def other_actions(result: ResultFile) -> tuple[ActionDomain, ...]:
    """The rest of the plan: other domains whose answers suggested next steps."""
    weakest = {item.domain.id for item in weakest_domains(result)}
    return tuple(
        item for item in action_plan(result) if item.domain.id not in weakest and item.actions
    )


def _question_text(questions: dict[str, QuestionRecord], question_id: str) -> str:
    question = questions.get(question_id)
    return question.text if question else question_id


def _answer_label(questions: dict[str, QuestionRecord], question_id: str) -> str:
    question = questions.get(question_id)
    return question.answer_label if question else ""


def overall_text(result: ResultFile) -> str:
    """Gives "55 out of 100 — Getting there", or why there is no overall score."""
    scores = result.scores
    if scores.overall is None:
        return "no overall score"
    return f"{scores.overall:.0f} out of 100 — {scores.band_label}"


def overall_missing_text(result: ResultFile) -> str:
    """Why there is no overall score ("" when there is one)."""
    scores = result.scores
    if scores.overall is not None:
        return ""
    return scores.overall_missing or (
        "No overall score: too few domains have enough answers (an overall score needs "
        f"domains holding at least {MIN_OVERALL_WEIGHT:.0%} of the weight)."
    )


def answered_text(result: ResultFile) -> str:
    """Gives "39 of 42 scored questions answered"."""
    domains = result.scores.domains.values()
    answered = sum(d.answered for d in domains)
    applicable = sum(d.applicable for d in domains)
    return f"{answered} of {applicable} scored questions answered"


def band_ranges(result: ResultFile) -> str:
    """Gives "Not yet ready (0–40), Getting there (40–60), …"."""
    return ", ".join(f"{band.label} ({band.min:g}–{band.max:g})" for band in result.bands)


def method_notes(result: ResultFile) -> tuple[str, ...]:
    """How the scores are worked out, in short plain sentences (the same in every format)."""
    threshold = f"{MIN_COVERAGE:.0%}"
    return (
        "Each answer scores from 0 (least ready) to 1 (most ready). A domain's score is "
        "the weighted average of its answered questions, out of 100.",
        "“Don't know” and unanswered questions are left out, not counted as zero: they "
        "show as fewer questions answered. Each “Don't know” brings a step to find the "
        "answer out. A “does not apply” answer counts nowhere.",
        "Questions about the conditions around the practice (its population, list size "
        "per GP, its hospitals, the ICB, national change) are never scored.",
        f"A domain with less than {threshold} of its questions (by weight) answered shows "
        "“too few answers” and is left out of the overall score, the weighted average "
        "of the other domains. There is no overall score unless domains holding at "
        f"least {MIN_OVERALL_WEIGHT:.0%} of the weight have enough answers.",
        f"Bands: {band_ranges(result)}. The band is taken from the whole number shown, "
        "so a score shown as 60 is always in the band that starts at 60.",
        f"Next steps come from answers scoring {RECOMMEND_UP_TO:g} or less (such as "
        "“Partly” or “Sometimes”), most impact first (question weight × room to improve).",
        "Survey figures are quoted from published sources, never estimated, and do not "
        "change your score.",
    )
