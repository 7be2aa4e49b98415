"""The HTML report: one self-contained page to open, forward or print to PDF.

Everything is inline (CSS and an SVG chart); the page has no scripts, fetches
nothing and says so in its Content-Security-Policy, so it opens the same on an
NHS laptop with no internet. Text from the result is escaped by jinja2's
autoescape. jinja2 is imported here only when a report is made, so that
``readiness --help`` does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from readiness.figures import INTERVAL_NOTE
from readiness.plans.progress import Progress
from readiness.report.dates import long_date
from readiness.report.result import content, svg
from readiness.results.diff import Changes
from readiness.results.record import ResultFile

if TYPE_CHECKING:
    pass

TEMPLATE = "report.html.j2"
# The policy the template's meta tag sets (kept here so tests can check the two agree).
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


class Highlight(Struct, frozen=True):
    """The strongest or weakest domain, for the summary box."""

    label: str
    domain: content.DomainLine


class AnswerGroup(Struct, frozen=True):
    """One domain's questions and answers, in asking order."""

    title: str
    lines: tuple[content.AnswerLine, ...]


def render(
    result: ResultFile, *, changes: Changes | None = None, progress: Progress | None = None
) -> str:
    """The report as one HTML document (the same bytes for the same result and changes)."""
    from readiness.report.templating import environment

    template = environment().get_template(TEMPLATE)
    return template.render(**_context(result, changes), since=content.since_last_time(progress))


def _context(result: ResultFile, changes: Changes | None) -> dict[str, object]:
    domains = content.domain_lines(result)
    benchmarks = content.benchmark_lines(result)
    weakest = content.weakest_domains(result)
    bands = tuple((band.label, band.min, band.max) for band in result.bands)
    domain_changes = (
        {change.id: change for change in changes.domains} if changes is not None else {}
    )
    return {
        "result": result,
        "practice": result.practice,
        "details": _details(result),
        "assessed": content.assessed_on(result),
        "questionnaire_text": content.questionnaire_text(result),
        "overall": content.overall_text(result),
        "overall_rank": content.band_rank(result, result.scores.band),
        "band_count": len(result.bands),
        "answered": content.answered_text(result),
        "highlights": _highlights(domains),
        "domains": domains,
        "has_targets": content.has_targets(result),
        "domain_changes": domain_changes,
        "changes": changes,
        "changed_since": long_date(changes.earlier_created_at) if changes else "",
        "chart": svg.chart(domains=domains, bands=bands),
        "survey_chart": svg.survey_chart(benchmarks),
        "benchmarks": benchmarks,
        "comparisons": content.comparison_lines(result),
        "interval_note": INTERVAL_NOTE,
        "context": content.context_lines(result),
        "context_title": content.CONTEXT_TITLE,
        "context_intro": content.CONTEXT_INTRO,
        "overall_missing": content.overall_missing_text(result),
        "weakest": weakest,
        "weakest_words": content.count_words(len(weakest)),
        "other_actions": content.other_actions(result),
        "answer_groups": _answer_groups(content.answer_lines(result)),
        "method": content.method_notes(result),
    }


def _highlights(domains: tuple[content.DomainLine, ...]) -> tuple[Highlight, ...]:
    scored = [line for line in domains if line.score is not None]
    if len(scored) < 2:
        return ()
    ordered = sorted(scored, key=lambda line: line.score if line.score is not None else 0.0)
    return (Highlight("Strongest", ordered[-1]), Highlight("Weakest", ordered[0]))


def _answer_groups(lines: tuple[content.AnswerLine, ...]) -> tuple[AnswerGroup, ...]:
    order = list(dict.fromkeys(line.domain_id for line in lines))
    return tuple(
        AnswerGroup(
            title=next(line.domain_title for line in lines if line.domain_id == key),
            lines=tuple(line for line in lines if line.domain_id == key),
        )
        for key in order
    )


def _details(result: ResultFile) -> tuple[str, ...]:
    """Gives "ODS code Z00001", the PCN and who answered, where known."""
    practice = result.practice
    found = (
        f"ODS code {practice.ods_code}" if practice.ods_code else "",
        practice.pcn or "",
        f"Answered by {practice.respondent}" if practice.respondent else "",
    )
    return tuple(detail for detail in found if detail)
