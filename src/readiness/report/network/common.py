"""What every comparison format says, worded once: the compare_* modules only lay it out.

Keeps the wording of survey lines, barriers, agreement and dates identical in
the terminal, CSV, spreadsheet, HTML and JSON, and the band colours the same in
the spreadsheet and the web page.
"""

from __future__ import annotations

from readiness.figures import (
    Standing,
    figure_sentence,
    format_interval,
    sample_text,
    standing,
    standing_text,
    value_text,
)
from readiness.network.records import (
    AGREEMENT_TEXT,
    BenchmarkSummary,
    Cell,
    DomainSummary,
    NetworkComparison,
    Note,
    PracticeRow,
    Response,
    Round,
)
from readiness.questionnaire.model import is_share_of_respondents
from readiness.report.dates import long_date, short_date, survey_when

# Pale fills by band position, lowest first (NHS red, warm yellow, aqua green, green),
# pale enough that black text on them is easy to read; a 4-colour scale spread over
# however many bands a questionnaire has.
BAND_FILLS = ("F6C9C4", "FFE3A0", "B3E4E0", "B2D8C2")
NO_SCORE_FILL = "E8EDEE"
NOT_ENOUGH = "Not enough answers"
BARRIER_TEXT = {
    "shared": "Shared barrier",
    "some": "Weak in some practices",
    "one": "Weak in one practice only",
    "none": "Not weak in any practice",
}


def band_position(band: int | None, band_count: int, colours: int = 4) -> int | None:
    """Which of ``colours`` colours a band gets, spreading them over any number of bands."""
    if band is None:
        return None
    return band * (colours - 1) // max(1, band_count - 1)


def band_fill(comparison: NetworkComparison, cell: Cell) -> str:
    position = band_position(cell.band, len(comparison.bands), len(BAND_FILLS))
    return NO_SCORE_FILL if position is None else BAND_FILLS[position]


def score_text(cell: Cell) -> str:
    """A whole number, or a dash when there are not enough answers to score."""
    return f"{cell.score:.0f}" if cell.enough_answers and cell.score is not None else "—"


def number_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def practice_count(count: int) -> str:
    return f"{count:,} practice{'s' if count != 1 else ''}"


def network_text(item: BenchmarkSummary) -> str:
    """For example 3 of 6 practices (50%), or 3 of 5 practices that answered (60%)."""
    if not item.answered:
        return "No practice answered this question"
    who = (
        "practices"
        if item.answered == item.practices and item.answered != 1
        else "practice"
        if item.answered == item.practices
        else "practices that answered"
        if item.answered != 1
        else "practice that answered"
    )
    return f"{item.matched:,} of {item.answered:,} {who} ({item.percent}%) in the group"


def is_share(item: BenchmarkSummary) -> bool:
    """A share of survey respondents (not a context figure such as a list size)."""
    record = item.record
    return is_share_of_respondents(record.unit, context=record.context)


def survey_text(item: BenchmarkSummary) -> str:
    """For example "75% of respondents, 95% CI 69.5–79.8%"; a bound in words, no interval."""
    record = item.record
    value = value_text(record.value, record.unit, value_words=record.value_words)
    if not is_share(item):
        return f"{value} (context, not a share of respondents)"
    interval = format_interval(record.ci95)
    value = f"{value} of respondents"
    return f"{value}, {interval}" if interval else value


def group_standing(item: BenchmarkSummary) -> Standing | None:
    """Where a practice in the reported group stands: the single-practice rule (figures).

    A figure the results placed as context (beside a question about the conditions around
    the practice) stays context here.
    """
    record = item.record
    return standing(
        matches=True,
        value=record.value,
        unit=record.unit,
        ci95=record.ci95,
        lower_bound=record.value_is_lower_bound,
        context=record.context or record.standing == "context",
    )


def figure_heading(item: BenchmarkSummary) -> str:
    """The finding as a heading: "Believed there is insufficient funding …"."""
    statement = item.record.statement
    return statement[:1].upper() + statement[1:]


def counts_text(item: BenchmarkSummary) -> str:
    """What each number counts, so practices and respondents are never read as one."""
    if not is_share(item):
        return "The network counts practices; the figure is context, not a share of anyone."
    found = group_standing(item)
    if found == "context":
        return (
            "The network figure counts practices; the survey figure counts individual "
            "respondents, not practices. Shown for context: the question is about the "
            "conditions around the practice, not a like-for-like comparison."
        )
    where = standing_text(found)
    return (
        "The network figure counts practices; the survey figure counts individual "
        f"respondents, not practices. For a practice in the group: {where[:1].lower()}"
        f"{where[1:]}."
    )


def asked_text(item: BenchmarkSummary) -> str:
    """Who was asked and when: 270 GPs and healthcare professionals, 24 June to 7 July 2021."""
    record = item.record
    when = survey_when(record.source.fieldwork, record.source.published)
    who = record.source.respondents or sample_text(
        record.sample_size, record.sampled, is_minimum=record.sample_size_is_minimum
    )
    return f"{who}, {when}"


def figure_label(item: BenchmarkSummary) -> str:
    """Survey for a share of respondents; Figure for one that is not (a committee's)."""
    return "Survey" if is_share(item) else "Figure"


def survey_detail(item: BenchmarkSummary) -> str:
    """The figure as one sentence naming who answered and when (as in the practice report)."""
    record = item.record
    return figure_sentence(
        statement=record.statement,
        value=record.value,
        unit=record.unit,
        when=survey_when(record.source.fieldwork, record.source.published),
        respondents=record.source.respondents,
        sample_size=record.sample_size,
        sampled=record.sampled,
        is_minimum=record.sample_size_is_minimum,
        lower_bound=record.value_is_lower_bound,
        value_words=record.value_words,
        context=record.context,
    )


def benchmark_sentence(item: BenchmarkSummary) -> str:
    """The whole comparison in one line, for notes and CSV: which number counts what."""
    if not is_share(item):
        return f"{network_text(item)}; figure: {survey_text(item)}"
    return (
        f"{network_text(item)}; survey: {survey_text(item)} "
        "(respondents are individuals, not practices)"
    )


def source_text(item: BenchmarkSummary) -> str:
    source = item.record.source
    return f"{source.publisher}, {source.title} ({source.fieldwork or long_date(source.published)})"


def barrier_text(summary: DomainSummary) -> str:
    """For example Shared barrier: weak in 4 of 5 practices."""
    scored = summary.scored
    if summary.barrier == "one":
        return f"Weak in one practice only: {summary.weak[0]}"
    if summary.barrier == "none":
        return BARRIER_TEXT["none"]
    return (
        f"{BARRIER_TEXT[summary.barrier]}: weak in {len(summary.weak):,} of "
        f"{practice_count(scored)}"
    )


def agreement_text(row: PracticeRow, position: int) -> str:
    """For example Split (32 to 69), for one domain of a practice with several respondents."""
    agreement = row.agreement[position]
    text = AGREEMENT_TEXT[agreement.kind]
    if agreement.lowest is None or agreement.highest is None:
        return text
    if agreement.lowest == agreement.highest:
        return f"{text} (all {agreement.lowest:.0f})"
    return f"{text} ({agreement.lowest:.0f} to {agreement.highest:.0f})"


def response_label(response: Response, *, short: bool = False) -> str:
    """For example GP partner, 12 January 2026 (and "earlier" for results kept with --all)."""
    when = (short_date if short else long_date)(response.created_at)
    return (
        f"{response.respondent}, {when}"
        if response.current
        else f"{response.respondent}, {when} (earlier, not counted)"
    )


def row_details(row: PracticeRow) -> str:
    """ODS code and PCN, for a subtitle line."""
    return " · ".join(part for part in (row.ods_code, row.pcn) if part)


def low_coverage(comparison: NetworkComparison, row: PracticeRow) -> list[str]:
    """Titles of the domains where the practice had not enough answers to score."""
    return [
        info.title
        for info, cell in zip(comparison.domains, row.domains, strict=True)
        if not cell.enough_answers
    ]


def band_ranges(comparison: NetworkComparison) -> str:
    """For example Not yet ready (under 40), Getting there (40 to under 60), …."""
    parts = []
    last = len(comparison.bands) - 1
    for position, band in enumerate(comparison.bands):
        if position == last:
            parts.append(f"{band.label} ({band.min:g} and over)")
        elif position == 0 and band.min == 0:
            parts.append(f"{band.label} (under {band.max:g})")
        else:
            parts.append(f"{band.label} ({band.min:g} to under {band.max:g})")
    return ", ".join(parts)


def summary_line(comparison: NetworkComparison) -> str:
    """Practices, questionnaires and the newest result's date, on one line."""
    return " · ".join(
        (
            practice_count(len(comparison.practices)),
            "; ".join(comparison.questionnaires),
            f"newest result {long_date(comparison.newest)}",
        )
    )


def skipped_lines(comparison: NetworkComparison) -> list[str]:
    return [f"{item.file}: {'; '.join(item.reasons)}" for item in comparison.skipped]


# ------------------------------------------------------------------------------ a collection round


def round_lines(collection: Round) -> list[str]:
    """The collection round in sentences: who has returned, who is waited for, what is odd."""
    lines = [returned_line(collection)]
    if collection.stale and collection.since:
        listed = ", ".join(
            f"{entry.label} ({long_date(entry.when)})" if entry.when else entry.label
            for entry in collection.stale
        )
        lines.append(
            f"Older than {long_date(collection.since)} (stale, so not counted as returned "
            f"this round): {listed}."
        )
    if collection.unexpected:
        listed = ", ".join(entry.label for entry in collection.unexpected)
        lines.append(f"Not on the list of practices: {listed}.")
    if collection.duplicates:
        listed = ", ".join(
            f"{entry.label} ({entry.results} results)" for entry in collection.duplicates
        )
        lines.append(f"Sent more than once by the same person (the latest is used): {listed}.")
    lines += list(collection.notes)
    return lines


def returned_line(collection: Round) -> str:
    """ "5 of 7 practices have returned; waiting for: Hillside Surgery (A81002), …"."""
    verb = "has" if collection.returned == 1 else "have"
    base = f"{collection.returned} of {collection.expected} practices {verb} returned"
    if not collection.waiting_count:
        return f"{base}."
    if collection.waiting:
        return f"{base}; waiting for: {', '.join(entry.label for entry in collection.waiting)}."
    return f"{base}; waiting for {collection.waiting_count} more."


def note_text(note: Note) -> str:
    """A comparison's note in words, naming the options that change it."""
    if note.kind == "basis":
        return note.text
    plural = "s" if note.results != 1 else ""
    if note.kind == "other_pcns":
        return (
            f"{note.results:,} result{plural} from other PCNs ({note.text}) left out, as --pcn "
            "asked."
        )
    if note.kind == "earlier_shown":
        return (
            f"{note.practice}: {note.results} earlier result{plural} shown as well ({note.text}); "
            "the practice's scores and the network figures use only the latest result from "
            "each respondent."
        )
    return (
        f"{note.practice}: {note.results} earlier result{plural} from the same respondent not "
        f"used ({note.text}); the latest is used. Add --all to show them too."
    )


def note_texts(comparison: NetworkComparison) -> list[str]:
    return [note_text(note) for note in comparison.notes]


# ------------------------------------------------------------------ targets and plans


def target_rows(comparison: NetworkComparison) -> list[tuple[str, str, str, str]]:
    """Per domain: title, the median now, the median at target, practices aiming to move it."""
    if not comparison.targets or not comparison.targets[-1].with_targets:
        return []
    return [
        (
            item.domain.title,
            _points(item.current),
            _points(item.target),
            f"{item.aiming} of {item.with_targets}",
        )
        for item in comparison.targets
    ]


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def most_aimed(comparison: NetworkComparison) -> str:
    """Gives "Most practices aim to move: Workforce (5 of 6), Time (4 of 6).", or ""."""
    domains = [
        t for t in comparison.targets[:-1] if t.with_targets and t.aiming * 2 > t.with_targets
    ]
    if not domains:
        return ""
    listed = ", ".join(f"{t.domain.title} ({t.aiming} of {t.with_targets})" for t in domains)
    return f"Most practices with targets aim to move: {listed}."


def plan_lines(comparison: NetworkComparison) -> list[str]:
    """Each shared step as a sentence, with the practices' names unless anonymised."""
    plans = comparison.plans
    if plans is None:
        return []
    lines = []
    for step in plans.steps:
        who = f" ({', '.join(step.labels)})" if step.labels else ""
        lines.append(step.sentence() + who)
    return lines


def plans_summary(comparison: NetworkComparison) -> str:
    plans = comparison.plans
    if plans is None:
        return ""
    return (
        f"{plans.practices_with_plans} of {plans.total} practices sent an action plan. Steps "
        "more than half the practices plan to take come first."
    )
