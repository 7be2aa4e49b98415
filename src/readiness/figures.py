"""Survey figures as people read them: values, intervals, samples and where a practice stands.

Light on imports: ``readiness benchmarks`` uses it without pydantic.
"""

from __future__ import annotations

from readiness.questionnaire.model import Benchmark


def format_value(value: float, unit: str) -> str:
    """75 percent → "75%"; 2500 patients per GP → "2,500 patients per GP"."""
    if unit == "percent":
        return f"{value:g}%"
    return f"{value:,g} {unit}"


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
) -> str:
    """ "75% of 270 GPs and healthcare professionals, 24 June to 7 July 2021"."""
    figure = format_value(value, unit)
    who = sample_text(sample_size, sampled, is_minimum=is_minimum)
    joiner = " of " if unit == "percent" and sample_size else " — "
    return f"{figure}{joiner}{who}, {when}"


def standing(value: float, unit: str, matches: bool | None) -> str:
    """Where a practice stands beside a percentage: with the majority or a minority."""
    if matches is None:
        return "No answer to compare"
    if unit != "percent":
        return "Within this figure" if matches else "Outside this figure"
    share = value if matches else 100 - value
    if share > 50:
        return "Like most respondents"
    if share == 50:
        return "Like about half of respondents"
    return "Like a minority of respondents"


def catalogue_entry(benchmark: Benchmark) -> dict[str, object]:
    """One benchmark as plain data for ``readiness benchmarks --format json``."""
    source = benchmark.source
    return {
        "id": benchmark.id,
        "statement": benchmark.statement,
        "value": benchmark.value,
        "unit": benchmark.unit,
        "value_note": benchmark.value_note,
        "quote": benchmark.quote,
        "source": {
            "id": source.id,
            "publisher": source.publisher,
            "title": source.title,
            "published": source.published,
            "fieldwork": source.fieldwork,
            "file": source.file,
        },
        "sample_size": benchmark.effective_sample_size,
        "sample_size_note": source.sample_size_note if benchmark.sample_size is None else None,
        "sample_size_is_minimum": source.sample_size_is_minimum and benchmark.sample_size is None,
        "sampled": source.sampled,
        "ci95": list(benchmark.ci95) if benchmark.ci95 else None,
    }
