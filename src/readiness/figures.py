"""Survey figures as people read them: values, intervals, samples, sentences and where a
practice stands beside them.

Every rendering (terminal, HTML, Markdown, CSV, JSON and the comparison) takes
where a practice stands from ``standing`` and its words from ``STANDING_TEXT``,
and each figure's sentence from ``figure_sentence``, so that no two formats can
say different things about one figure.

Light on imports: ``readiness benchmarks`` uses it without pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeAlias

from readiness.questionnaire.model import Benchmark, Questionnaire, Source, is_share_of_respondents

Standing: TypeAlias = Literal["majority", "minority", "about_half", "not_reported", "context"]
STANDINGS: tuple[Standing, ...] = ("majority", "minority", "about_half", "not_reported", "context")

# The one place each standing is worded.
STANDING_TEXT: Mapping[Standing, str] = {
    "majority": "Like most respondents",
    "minority": "Like a minority of respondents",
    "about_half": "Like about half of respondents",
    "not_reported": "The survey did not report how many gave this answer",
    "context": "Shown for context: not a like-for-like comparison",
}
NO_ANSWER_TEXT = "No answer to compare"
CONTEXT_LABEL = "Context"
# Said once in every report that shows survey figures.
INTERVAL_NOTE = (
    "The 95% confidence interval (CI) shows sampling error only. The people who answered "
    "these surveys chose to take part, so the figures may not describe everyone in their "
    "role, and they counted individuals (or trusts), not practices. All the survey figures "
    "are from 2021, before integrated care boards (ICBs) existed."
)
HALF = 50.0


# ------------------------------------------------------------------ where a practice stands


def standing(
    *,
    matches: bool | None,
    value: float,
    unit: str,
    ci95: tuple[float, float] | None,
    in_complement: bool = False,
    lower_bound: bool = False,
    context: bool = False,
) -> Standing | None:
    """Where a practice stands beside a figure: the one rule, for every rendering.

    ``matches`` says whether the practice's answer is in the reported group (None when
    there is no usable answer, which gives None); ``in_complement`` whether an answer
    outside it is in the link's declared ``complement``. A figure that is not a share of
    respondents, or that is linked to a context question, is ``context``.

    In the reported group, the standing follows the 95% interval (wholly above 50%,
    wholly below, or around it); a lower bound stands for a share above it. In a binary
    question's declared complement the practice takes everyone else's standing.
    Elsewhere the most that can be said is "a minority", and only when the reported
    group is clearly a majority; otherwise the survey did not report it.
    """
    if not is_share_of_respondents(unit, context=context):
        return "context"
    if matches is None:
        return None
    group = _share_standing(value, ci95, lower_bound=lower_bound)
    if matches:
        return group or "not_reported"
    if in_complement:
        return _rest_standing(value, ci95, lower_bound=lower_bound) or "not_reported"
    return "minority" if group == "majority" else "not_reported"


def _share_standing(
    value: float, ci95: tuple[float, float] | None, *, lower_bound: bool
) -> Standing | None:
    """The standing of a share of respondents, or None when its bound says too little."""
    if lower_bound:
        # "More than half" is a majority; "more than 20%" could be anything above it.
        return "majority" if value >= HALF else None
    low, high = ci95 if ci95 is not None else (value, value)
    if low > HALF:
        return "majority"
    if high < HALF:
        return "minority"
    return "about_half"


def _rest_standing(
    value: float, ci95: tuple[float, float] | None, *, lower_bound: bool
) -> Standing | None:
    """The standing of everyone outside the reported group (100% less the share)."""
    if lower_bound:
        return "minority" if value >= HALF else None
    interval = (100 - ci95[1], 100 - ci95[0]) if ci95 is not None else None
    return _share_standing(100 - value, interval, lower_bound=False)


def standing_text(value: Standing | None) -> str:
    """The words for a standing (or for no answer)."""
    return NO_ANSWER_TEXT if value is None else STANDING_TEXT[value]


# ------------------------------------------------------------------ numbers and samples


def format_value(value: float, unit: str) -> str:
    """75 percent → "75%"; 2500 patients per GP → "2,500 patients per GP"."""
    if unit == "percent":
        return f"{value:g}%"
    return f"{value:,g} {unit}"


def value_text(value: float, unit: str, *, value_words: str | None = None) -> str:
    """The figure as the source gives it: "75%", or a bound in words ("more than half")."""
    return value_words if value_words else format_value(value, unit)


def format_interval(ci95: tuple[float, float] | None) -> str:
    if ci95 is None:
        return ""
    return f"95% CI {ci95[0]:g}–{ci95[1]:g}%"


def sample_text(sample_size: int | None, sampled: str, *, is_minimum: bool = False) -> str:
    """ "270 GPs and healthcare professionals", or "more than 200 primary care leaders"."""
    if sample_size is None:
        return sampled
    return f"{'more than ' if is_minimum else ''}{sample_size:,} {sampled}"


def figure_text(
    value: float,
    unit: str,
    sample_size: int | None,
    sampled: str,
    when: str,
    *,
    is_minimum: bool = False,
    value_words: str | None = None,
) -> str:
    """ "75% of 270 GPs and healthcare professionals, 24 June to 7 July 2021"."""
    figure = value_text(value, unit, value_words=value_words)
    who = sample_text(sample_size, sampled, is_minimum=is_minimum)
    joiner = " of " if unit == "percent" and sample_size else " — "
    return f"{figure}{joiner}{who}, {when}"


def figure_sentence(
    *,
    statement: str,
    value: float,
    unit: str,
    when: str,
    respondents: str | None,
    sample_size: int | None,
    sampled: str,
    is_minimum: bool = False,
    lower_bound: bool = False,
    value_words: str | None = None,
    context: bool = False,
) -> str:
    """The figure as one true sentence naming who answered and when.

    "75% of 270 GPs and healthcare professionals who answered an online poll by
    Guidelines in Practice (24 June to 7 July 2021) said their practice had already
    appointed clinical pharmacists." A lower bound reads "More than half of …"; a
    context figure (not a share of respondents) is its statement, a sentence already.
    """
    if not is_share_of_respondents(unit, context=context):
        return _sentence(statement)
    who = respondents or sample_text(sample_size, sampled, is_minimum=is_minimum)
    figure = value_text(value, unit, value_words=value_words)
    if lower_bound and not value_words:
        figure = f"more than {figure}"
    return _sentence(f"{figure} of {who} ({when}) {statement}")


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def evidence_text(*, finding: str, paraphrase: bool, said_by: str | None, where: str) -> str:
    """Why a question is asked, in one line: the finding (quoted, or marked as a
    paraphrase), whose words they are, and the source."""
    finding = " ".join(finding.split())
    text = f"Paraphrase: {finding}" if paraphrase else f"“{finding}”"
    if said_by:
        text += f", said by {said_by}"
    if not text.rstrip("”’").endswith((".", "?", "!")):
        text += "."
    return f"{text} Source: {where}."


def source_by_file(questionnaire: Questionnaire) -> dict[str, Source]:
    """Each seed document's catalogue source (the first one named for it), for citing."""
    found: dict[str, Source] = {}
    for source in (*questionnaire.sources, *(item.source for item in questionnaire.benchmarks)):
        found.setdefault(source.file, source)
    return found


def benchmark_sentence(benchmark: Benchmark, *, when: str) -> str:
    """``figure_sentence`` for a catalogue figure."""
    source = benchmark.source
    return figure_sentence(
        statement=benchmark.statement,
        value=benchmark.value,
        unit=benchmark.unit,
        when=when,
        respondents=source.respondents if benchmark.sample_size is None else None,
        sample_size=benchmark.effective_sample_size,
        sampled=source.sampled,
        is_minimum=source.sample_size_is_minimum and benchmark.sample_size is None,
        lower_bound=benchmark.value_is_lower_bound,
        value_words=benchmark.value_words,
        context=benchmark.context,
    )


def catalogue_entry(benchmark: Benchmark) -> dict[str, object]:
    """One benchmark as plain data for ``readiness benchmarks --format json``."""
    source = benchmark.source
    return {
        "id": benchmark.id,
        "statement": benchmark.statement,
        "value": benchmark.value,
        "unit": benchmark.unit,
        "value_is_lower_bound": benchmark.value_is_lower_bound,
        "value_words": benchmark.value_words,
        "context": benchmark.context,
        "value_note": benchmark.value_note,
        "quote": benchmark.quote,
        "source": {
            "id": source.id,
            "publisher": source.publisher,
            "title": source.title,
            "published": source.published,
            "fieldwork": source.fieldwork,
            "file": source.file,
            "respondents": source.respondents,
        },
        "sample_size": benchmark.effective_sample_size,
        "sample_size_note": source.sample_size_note if benchmark.sample_size is None else None,
        "sample_size_is_minimum": source.sample_size_is_minimum and benchmark.sample_size is None,
        "sampled": source.sampled,
        "ci95": list(benchmark.ci95) if benchmark.ci95 else None,
    }
