"""The report on screen, as rich renderables (the caller prints them).

Laid out for an 80-column terminal and for ``NO_COLOR``: colour only repeats
what the words already say, and ``plain`` drops box drawing and block bars for
screen readers. Long text wraps with a hanging indent instead of in narrow
table columns.
"""

from __future__ import annotations

from msgspec.structs import replace
from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from readiness.figures import INTERVAL_NOTE
from readiness.plans.progress import Progress
from readiness.report.dates import long_date
from readiness.report.result.content import (
    CONTEXT_INTRO,
    CONTEXT_TITLE,
    BenchmarkLine,
    SinceLastTime,
    answered_text,
    assessed_on,
    band_rank,
    benchmark_lines,
    comparison_lines,
    context_lines,
    count_words,
    domain_lines,
    dont_know_summary,
    has_targets,
    method_notes,
    overall_missing_text,
    overall_text,
    quick_text,
    score_text,
    since_last_time,
    top_steps,
)
from readiness.results.diff import Changes
from readiness.results.record import DomainResult, ResultFile

BAR_WIDTH = 20
TARGET_BAR = 8  # the bar's width when a Target column is shown too
# Colours by band position (lowest first); with NO_COLOR or --plain rich drops them.
BAND_STYLES = ("red", "yellow", "cyan", "green")
HEADING_STYLE = "bold blue"
# Changed answers that are long (free-text notes) are cut to this many characters.
ANSWER_CHANGE_LIMIT = 60


def rank_style(rank: int, band_count: int) -> str:
    """The colour for a band by its position, spreading the four colours over any number."""
    if rank < 0:
        return "dim"
    return BAND_STYLES[rank * (len(BAND_STYLES) - 1) // max(1, band_count - 1)]


def band_style(result: ResultFile, band_id: str | None) -> str:
    return rank_style(band_rank(result, band_id), len(result.bands))


def coverage_text(domain: DomainResult) -> str:
    text = f"{domain.answered} of {domain.applicable} answered"
    return text if domain.enough_answers else f"{text} (too few)"


def bar(score: float | None, *, plain: bool = False, width: int = BAR_WIDTH) -> str:
    full, empty = ("#", "-") if plain else ("█", "░")
    filled = 0 if score is None else round(score / 100 * width)
    return full * filled + empty * (width - filled)


def heading(result: ResultFile) -> RenderableType:
    practice = result.practice
    lines = Text()
    lines.append(practice.display_name(), style="bold")
    details = [
        f"ODS code {practice.ods_code}" if practice.ods_code else "",
        practice.pcn or "",
        f"answered by {practice.respondent}" if practice.respondent else "",
    ]
    if any(details):
        lines.append("\n" + " · ".join(d for d in details if d))
    questionnaire = result.questionnaire
    lines.append(f"\nAssessed {assessed_on(result)}")
    lines.append(
        f"\nQuestionnaire: {questionnaire.title}, version {questionnaire.version}", style="dim"
    )
    quick = quick_text(result)
    if quick:
        lines.append(f"\n{quick}.", style="bold")
    lines.append("\n\nOverall readiness: ")
    lines.append(overall_text(result), style=f"bold {band_style(result, result.scores.band)}")
    if missing := overall_missing_text(result):
        lines.append(f"\n{missing}")
    lines.append(f"\n{answered_text(result)}", style="dim")
    return lines


def section_title(text: str) -> Text:
    return Text(text, style=HEADING_STYLE)


def _table(*, plain: bool) -> Table:
    """A table with two spaces between columns and, unless plain, a rule under the header."""
    return Table(
        box=None if plain else box.SIMPLE_HEAD,
        padding=(0, 2, 0, 0) if plain else (0, 1, 0, 1),
        collapse_padding=True,
        pad_edge=False,
        show_edge=False,
    )


def domain_table(result: ResultFile, *, plain: bool = False) -> Table:
    # Two spaces between columns, so that a long domain title still leaves room at 80.
    table = _table(plain=plain)
    table.add_column("Domain", overflow="fold")
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("Band", no_wrap=True)
    table.add_column("Answered", no_wrap=True)
    targets = has_targets(result)
    if targets:
        table.add_column("Target", justify="right", no_wrap=True)
    for line in domain_lines(result):
        style = rank_style(line.band_rank, len(result.bands))
        cells: list[RenderableType] = [
            line.title,
            line.score_text,
            # With targets, a shorter bar leaves the domain's name room at 80 columns.
            Text(
                bar(line.score, plain=plain, width=TARGET_BAR if targets else BAR_WIDTH),
                style=style,
            ),
            Text(line.band_label, style=style),
            line.coverage_text,
        ]
        if targets:
            cells.append(f"{line.target_text} {line.gap_text}" if line.target is not None else "—")
        table.add_row(*cells)
    return table


class _Hanging:
    """``marker`` then ``body``, with the body's wrapped lines indented under its first.

    A two-column grid draws the same, but a report has a few hundred of these and rich
    lays a table out several times over: this lays the body out once (a fifth of the
    time of the whole report), and leaves no trailing spaces.
    """

    def __init__(self, marker: str, body: RenderableType, *, indent: int) -> None:
        self.marker, self.body = marker, body
        self.width = max(indent - 1, len(marker)) + 1  # the marker's column and one space

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        inner = options.update(width=max(1, options.max_width - self.width))
        for number, line in enumerate(console.render_lines(self.body, inner, pad=False)):
            yield Segment(self.marker.ljust(self.width) if number == 0 else " " * self.width)
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        body = Measurement.get(console, options, self.body)
        return Measurement(body.minimum + self.width, body.maximum + self.width)


def _hanging(marker: str, body: RenderableType, *, indent: int = 2) -> _Hanging:
    return _Hanging(marker, body, indent=indent)


def benchmark_block(line: BenchmarkLine, *, marker_width: int = 3) -> RenderableType:
    """The finding; the sentence naming who answered, when, and the source; the practice."""
    survey = Text("Survey: " if not line.context_figure else "Figure: ", style="bold")
    survey.append(f"{line.survey_text} Source: {line.publisher}.")
    if line.value_note:
        survey.append(f"\nNote: {line.value_note}", style="dim")
    you = Text("You: ", style="bold")
    words = line.standing_text
    you.append(f"{line.answer_label} — {words[:1].lower()}{words[1:]}")
    return Group(
        _hanging(f"{line.number}.", Text(line.question_text, style="bold"), indent=marker_width),
        _hanging("", survey, indent=marker_width),
        _hanging("", you, indent=marker_width),
    )


def _figure_blocks(lines: tuple[BenchmarkLine, ...], total: int) -> list[RenderableType]:
    answered = [replace(line, number=number) for number, line in enumerate(lines, start=1)]
    marker_width = len(f"{max(total, 1)}.") + 1
    blocks: list[RenderableType] = []
    for line in answered:
        blocks.extend([Text(""), benchmark_block(line, marker_width=marker_width)])
    return blocks


def benchmark_section(result: ResultFile) -> RenderableType:
    title = section_title("Your practice beside the surveys")
    every = benchmark_lines(result)
    lines = comparison_lines(result)
    if not every:
        return Group(title, Text("None of your answers are linked to survey figures."))
    blocks: list[RenderableType] = [
        title,
        Text(
            "Figures from published surveys, beside your answer to the matching question. "
            + INTERVAL_NOTE,
            style="dim",
        ),
    ]
    # Figures linked to questions left unanswered (say, domains not chosen) are summed up in
    # one line rather than listed: a page of "Not answered" hides the comparisons that exist.
    kept = tuple(line for line in lines if line.answered)
    blocks.extend(_figure_blocks(kept, len(lines)))
    left_out = len(lines) - len(kept)
    if left_out:
        blocks.extend(
            [
                Text(""),
                Text(
                    f"{count_words(left_out).capitalize()} more survey "
                    f"{'figure is' if left_out == 1 else 'figures are'} linked to questions not "
                    "answered. See them all with: readiness benchmarks",
                    style="dim",
                ),
            ]
        )
    return Group(*blocks)


def context_section(result: ResultFile, *, plain: bool = False) -> RenderableType:
    """The conditions around the practice: context answers with their figures, unscored."""
    lines = context_lines(result)
    if not lines:
        return Group()
    blocks: list[RenderableType] = [
        section_title(CONTEXT_TITLE),
        Text(CONTEXT_INTRO, style="dim"),
    ]
    for line in lines:
        body = Text(line.question.text, style="bold")
        body.append(f"\nYou: {line.question.answer_label}")
        figure = line.benchmark
        if figure is not None:
            label = "Figure" if figure.context_figure else "Survey"
            body.append(f"\n{label}: {figure.figure_text}", style="dim")
        blocks.extend([Text(""), _hanging("-" if plain else "•", body)])
    return Group(*blocks)


def action_section(result: ResultFile, *, plain: bool = False) -> RenderableType:
    """The next steps with most impact across every domain; the exports carry the rest."""
    title = section_title("Where to start: your next steps")
    steps = top_steps(result)
    if not steps:
        return Group(title, Text("None of your answers brought up a next step."))
    blocks: list[RenderableType] = [
        title,
        Text(
            "The steps with most impact across all domains. The HTML, Markdown and JSON "
            "reports carry the full action plan.",
            style="dim",
        ),
        Text(""),
    ]
    for step in steps:
        body = Text(step.text)
        answer = "Don't know" if step.kind == "find_out" else step.answer_label
        reason = f"{step.domain_title}: you answered “{answer}” to: {step.question_text}"
        body.append(f"\n{reason}", style="dim")
        blocks.append(_hanging("-" if plain else "•", body))
    return Group(*blocks)


def changes_section(changes: Changes, *, plain: bool = False) -> RenderableType:
    since = long_date(changes.earlier_created_at)
    unchanged = not changes.answers and all(
        change.text == "no change" for change in (*changes.domains, changes.overall)
    )
    if unchanged:
        return Group(
            section_title(f"Change since {since}"),
            Text("No change: the same answers and scores as then."),
        )
    blocks: list[RenderableType] = [section_title(f"Change since {since}")]
    table = _table(plain=plain)
    table.add_column("Domain", overflow="fold")
    table.add_column("Then", justify="right", no_wrap=True)
    table.add_column("Now", justify="right", no_wrap=True)
    table.add_column("Change", no_wrap=True)
    for change in (*changes.domains, changes.overall):
        table.add_row(
            Text(change.title, style="bold" if change is changes.overall else ""),
            score_text(change.before),
            score_text(change.after),
            Text(_words(change.text) if plain else change.text, style=_change_style(change.delta)),
        )
    blocks.extend([table, Text("")])
    if not changes.answers:
        blocks.append(Text("No answers changed."))
        return Group(*blocks)
    count = len(changes.answers)
    blocks.append(Text(f"{count} answer{'s' if count != 1 else ''} changed:"))
    for answer in changes.answers:
        before, after = _shorten(answer.before), _shorten(answer.after)
        moved = Text(f"was {before}, now {after}" if plain else f"{before} → {after}", style="dim")
        blocks.append(_hanging("-" if plain else "•", Group(Text(answer.question_text), moved)))
    return Group(*blocks)


def _words(change_text: str) -> str:
    """Gives "up 12" for "▲ 12": screen readers read the arrows as shapes."""
    return change_text.replace("▲", "up").replace("▼", "down")


def _change_style(delta: float | None) -> str:
    if not delta:
        return ""
    return "green" if delta > 0 else "red"


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= ANSWER_CHANGE_LIMIT else flat[: ANSWER_CHANGE_LIMIT - 1] + "…"


def method_section(result: ResultFile) -> RenderableType:
    notes = Text(" ".join(method_notes(result)), style="dim")
    return Group(section_title("How this score is worked out"), notes)


def summary(result: ResultFile, *, plain: bool = False) -> RenderableType:
    """The short form: who, the overall score and a bar per domain with coverage."""
    parts: list[RenderableType] = [heading(result), Text(""), domain_table(result, plain=plain)]
    if unknown := dont_know_summary(result):
        parts.append(Text(unknown, style="dim"))
    return Group(*parts)


def since_section(since: SinceLastTime, *, plain: bool = False) -> RenderableType:
    """Each planned step and target, as a sentence; overdue steps flagged."""
    parts: list[RenderableType] = [section_title(since.heading), Text(since.summary)]
    for text, late in since.steps:
        body = Text(("Overdue: " if late else "") + text, style="" if plain or not late else "red")
        parts.append(_hanging("•", body))
    parts.extend(_hanging("•", Text(text)) for text in since.targets)
    return Group(*parts)


def report(
    result: ResultFile,
    *,
    changes: Changes | None = None,
    progress: Progress | None = None,
    plain: bool = False,
) -> RenderableType:
    """The whole report: scores, change since last time, survey figures, next steps, method."""
    parts: list[RenderableType] = [summary(result, plain=plain)]
    since = since_last_time(progress)
    if since is not None:
        parts = [heading(result), Text(""), since_section(since, plain=plain), Text("")]
        parts.append(domain_table(result, plain=plain))
    if changes is not None:
        parts.extend([Text(""), changes_section(changes, plain=plain)])
    parts.extend(
        [
            Text(""),
            benchmark_section(result),
            Text(""),
            context_section(result, plain=plain),
            Text(""),
            action_section(result, plain=plain),
            Text(""),
            method_section(result),
        ]
    )
    return Group(*parts)
