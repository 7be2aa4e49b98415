"""The comparison as one self-contained web page: open it, forward it, or print it to PDF.

In the same style as the single-practice report (NHS blue masthead, the same
band colours): a heatmap of practices × domains, the network's figures, the
survey comparison, respondents' views and notes. Inline CSS only, no scripts,
nothing fetched (the Content-Security-Policy says so); practice text is
escaped by jinja2's autoescape. jinja2 is imported here only.
"""

from __future__ import annotations

from msgspec import Struct

from readiness import __version__
from readiness.figures import INTERVAL_NOTE
from readiness.network.records import Cell, NetworkComparison, PracticeRow, Response
from readiness.report.dates import long_date
from readiness.report.network import common as words

TEMPLATE = "compare.html.j2"
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


class HeatCell(Struct, frozen=True):
    text: str
    css: str  # "heat-0" … "heat-3", or "heat-none"
    band: str  # the band's name, for screen readers and tooltips


class ScoreLine(Struct, frozen=True):
    """A practice, or one respondent's result, as a row of the heatmap."""

    label: str
    details: str
    sub: bool  # a respondent's row under its practice
    earlier: bool
    overall: HeatCell
    domains: tuple[HeatCell, ...]
    notes: str


class RespondentTable(Struct, frozen=True):
    practice: str
    respondents: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...], str, str], ...]  # domain, scores, text, kind


def render(comparison: NetworkComparison) -> str:
    """The page (the same bytes for the same comparison)."""
    from readiness.report.templating import environment

    return environment().get_template(TEMPLATE).render(**_context(comparison))


def _context(comparison: NetworkComparison) -> dict[str, object]:
    network = (*comparison.network, comparison.overall)
    return {
        "csp": CONTENT_SECURITY_POLICY,
        "c": comparison,
        "notes": words.note_texts(comparison),
        "target_rows": words.target_rows(comparison),
        "most_aimed": words.most_aimed(comparison),
        "plan_lines": words.plan_lines(comparison),
        "plans_summary": words.plans_summary(comparison),
        "answer_notes": comparison.answer_notes,
        "version": __version__,
        "fills": words.BAND_FILLS,
        "no_score_fill": words.NO_SCORE_FILL,
        "summary_line": words.summary_line(comparison),
        "round_lines": (
            words.round_lines(comparison.collection) if comparison.collection is not None else []
        ),
        "band_ranges": words.band_ranges(comparison),
        "bands": [
            (band.label, _cell(comparison, Cell(band.min, position)).css)
            for position, band in enumerate(comparison.bands)
        ],
        "lines": [line for row in comparison.practices for line in _lines(comparison, row)],
        "network": [(summary, words.barrier_text(summary)) for summary in network],
        "barriers": {
            kind: [s for s in comparison.network if s.barrier == kind]
            for kind in ("shared", "one", "some", "none")
        },
        "benchmarks": [
            (
                item,
                words.network_text(item),
                words.figure_label(item),
                words.survey_text(item),
                words.asked_text(item),
                words.source_text(item),
                words.counts_text(item),
            )
            for item in comparison.benchmarks
        ],
        "interval_note": INTERVAL_NOTE,
        "respondents": [
            _respondent_table(comparison, row) for row in comparison.several_respondents
        ],
        "skipped": words.skipped_lines(comparison),
        "newest": long_date(comparison.newest),
    }


def _cell(comparison: NetworkComparison, cell: Cell) -> HeatCell:
    position = words.band_position(cell.band, len(comparison.bands), len(words.BAND_FILLS))
    css = "heat-none" if position is None else f"heat-{position}"
    return HeatCell(words.score_text(cell), css, comparison.band_label(cell))


def _lines(comparison: NetworkComparison, row: PracticeRow) -> list[ScoreLine]:
    missing = words.low_coverage(comparison, row)
    notes = f"Not enough answers: {', '.join(missing)}" if missing else ""
    found = [
        ScoreLine(
            row.label,
            words.row_details(row),
            sub=False,
            earlier=False,
            overall=_cell(comparison, row.overall),
            domains=tuple(_cell(comparison, cell) for cell in row.domains),
            notes=notes,
        )
    ]
    if len(row.responses) > 1:
        found += [_response_line(comparison, response) for response in row.responses]
    return found


def _response_line(comparison: NetworkComparison, response: Response) -> ScoreLine:
    return ScoreLine(
        words.response_label(response),
        "",
        sub=True,
        earlier=not response.current,
        overall=_cell(comparison, response.overall),
        domains=tuple(_cell(comparison, cell) for cell in response.domains),
        notes="",
    )


def _respondent_table(comparison: NetworkComparison, row: PracticeRow) -> RespondentTable:
    current = row.current
    rows = tuple(
        (
            info.title,
            tuple(words.score_text(response.domains[position]) for response in current),
            words.agreement_text(row, position),
            row.agreement[position].kind,
        )
        for position, info in enumerate(comparison.domains)
    )
    return RespondentTable(row.label, tuple(response.respondent for response in current), rows)
