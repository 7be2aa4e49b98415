"""The terminal summary of a result, as rich renderables (the caller prints them)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from readiness.benchmarks import figure_text, format_interval, standing
from readiness.result import DomainResult, ResultFile

BAR_WIDTH = 20
# Colours by band position (lowest first); with NO_COLOR or --plain rich drops them.
BAND_STYLES = ("red", "yellow", "cyan", "green")


def band_style(result: ResultFile, band_id: str | None) -> str:
    ids = [band.id for band in result.bands]
    if band_id not in ids:
        return "dim"
    position = ids.index(band_id) * (len(BAND_STYLES) - 1) // max(1, len(ids) - 1)
    return BAND_STYLES[position]


def bar(score: float | None, *, plain: bool = False) -> str:
    full, empty = ("#", "-") if plain else ("█", "░")
    filled = 0 if score is None else round(score / 100 * BAR_WIDTH)
    return full * filled + empty * (BAR_WIDTH - filled)


def score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.0f}"


def coverage_text(domain: DomainResult) -> str:
    text = f"{domain.answered} of {domain.applicable} answered"
    return text if domain.enough_answers else f"{text} · not enough answers"


def heading(result: ResultFile) -> RenderableType:
    practice = result.practice
    lines = Text()
    lines.append(practice.display_name(), style="bold")
    details = [d for d in (practice.ods_code, practice.pcn) if d]
    if details:
        lines.append(f" ({', '.join(details)})")
    lines.append(f"\n{result.questionnaire.title} {result.questionnaire.version}"
                 f" · {result.created_at[:10]}")
    overall = result.scores
    lines.append("\nOverall readiness: ")
    if overall.overall is None:
        lines.append("not enough answers to score", style="bold")
    else:
        lines.append(f"{overall.overall:.0f} out of 100 — {overall.band_label}",
                     style=f"bold {band_style(result, overall.band)}")
    return lines


def domain_table(result: ResultFile, *, plain: bool = False) -> Table:
    table = Table(title="Readiness by domain", box=None if plain else box.SIMPLE_HEAD,
                  title_justify="left", expand=False, pad_edge=False)
    table.add_column("Domain", no_wrap=True)
    table.add_column("Score", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("Band / coverage")
    for domain in result.scores.domains.values():
        style = band_style(result, domain.band)
        table.add_row(domain.title, score_text(domain.score),
                      Text(bar(domain.score, plain=plain), style=style),
                      Text(f"{domain.band_label or 'Not scored'}\n{coverage_text(domain)}"))
    return table


def benchmark_table(result: ResultFile, *, plain: bool = False) -> Table | Text:
    if not result.benchmarks:
        return Text("No answers are linked to survey figures.")
    table = Table(title="Your practice beside the surveys", box=None if plain else box.SIMPLE_HEAD,
                  title_justify="left", show_lines=not plain, pad_edge=False)
    table.add_column("Survey finding", ratio=3)
    table.add_column("Your answer", ratio=2)
    table.add_column("Where you stand", ratio=2)
    for item in result.benchmarks:
        when = item.source.fieldwork or item.source.published
        figure = figure_text(item.value, item.unit, item.sample_size, item.sampled, when,
                             is_minimum=item.sample_size_is_minimum)
        interval = format_interval(item.ci95)
        finding = Text(item.statement)
        finding.append(f"\n{figure}" + (f" ({interval})" if interval else ""), style="dim")
        finding.append(f"\nSource: {item.source.publisher}", style="dim")
        table.add_row(finding, item.answer_label, standing(item.value, item.unit, item.matches))
    return table


def summary(result: ResultFile, *, plain: bool = False) -> RenderableType:
    """Overall score, a bar per domain with coverage, and the survey comparisons."""
    return Group(heading(result), Text(""), domain_table(result, plain=plain), Text(""),
                 benchmark_table(result, plain=plain))
