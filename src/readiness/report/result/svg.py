"""The domain-score chart's geometry, for the HTML template to draw as inline SVG.

Only numbers and plain text are worked out here; the jinja2 template writes the
SVG elements, so every piece of text is escaped by autoescape in one place.
Domain scores are bars on a 0–100 readiness scale over faint band zones; that
chart shows scores only. Survey figures have their own small chart on a
percentage axis, labelled as shares of respondents: each is a dot with its 95%
interval, numbered as in the survey table; a lower bound ("more than half") is
drawn as a bound (a bar from the bound pointing up the scale), and context
figures (not shares of respondents) are not drawn.
"""

from __future__ import annotations

from msgspec import Struct

from readiness.report.result.content import BenchmarkLine, DomainLine

WIDTH = 720
LABEL_WIDTH = 170
PLOT_X = 180
PLOT_WIDTH = 400
TOP = 34  # room for the band names and the axis numbers
BAR_HEIGHT = 22
BAR_GAP = 14
LEGEND_HEIGHT = 34
TARGET_LEGEND = 20  # one more legend line when targets are drawn
SURVEY_TOP = 30  # room for the percentage axis
SURVEY_ROW = 22
TITLE_LINE_CHARACTERS = 26
TICKS = (0, 20, 40, 60, 80, 100)
# Light tints behind the bars, lowest band first (NHS red, warm yellow, aqua green, green).
ZONE_TINTS = ("#fbe3e1", "#fff3d6", "#dff3ee", "#dcefe0")
BAR_COLOURS = ("#d5281b", "#ffb81c", "#00a499", "#007f3b")
GREY = "#aeb7bd"  # a domain scored on too few answers to count


class Zone(Struct, frozen=True):
    x: float
    width: float
    label: str
    tint: str


class Tick(Struct, frozen=True):
    x: float
    label: str


class Bar(Struct, frozen=True):
    title_lines: tuple[str, ...]
    y: float
    width: float  # 0 when the domain has no score
    colour: str
    value_text: str  # "46 · Getting there" or "too few answers"
    description: str  # read out by screen readers
    target_x: float | None = None  # the second marker: where the practice's targets would put it


class Marker(Struct, frozen=True):
    number: int
    y: float
    x: float
    low_x: float | None
    high_x: float | None
    value_text: str
    description: str
    lower_bound: bool = False  # drawn from ``x`` towards 100%: the share is above it


class SurveyChart(Struct, frozen=True):
    """Survey figures as shares of respondents on their own percentage axis."""

    width: int
    height: float
    plot_x: float
    plot_width: float
    plot_top: float
    plot_bottom: float
    ticks: tuple[Tick, ...]
    markers: tuple[Marker, ...]
    description: str


class Chart(Struct, frozen=True):
    width: int
    height: float
    plot_x: float
    plot_width: float
    plot_top: float
    plot_bottom: float
    legend_y: float
    zones: tuple[Zone, ...]
    ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...]
    description: str
    bar_colours: tuple[str, ...]
    targets: bool = False  # whether any bar has a target marker (and the legend says so)
    target_legend_y: float = 0


def x_for(value: float) -> float:
    return round(PLOT_X + max(0.0, min(100.0, value)) / 100 * PLOT_WIDTH, 1)


def chart(
    *,
    domains: tuple[DomainLine, ...],
    bands: tuple[tuple[str, float, float], ...],
) -> Chart:
    """Lay out one bar per domain on the readiness scale (scores only)."""
    bars: list[Bar] = []
    y = float(TOP)
    for domain in domains:
        bars.append(_bar(domain, y, band_count=len(bands)))
        y += BAR_HEIGHT + BAR_GAP
    bottom = y - BAR_GAP + 6
    targets = any(bar.target_x is not None for bar in bars)
    legend_y = bottom + 22
    return Chart(
        width=WIDTH,
        height=bottom + LEGEND_HEIGHT + (TARGET_LEGEND if targets else 0),
        plot_x=PLOT_X,
        plot_width=PLOT_WIDTH,
        plot_top=TOP - 6,
        plot_bottom=bottom,
        legend_y=legend_y,
        targets=targets,
        target_legend_y=legend_y + 20,
        zones=_zones(bands),
        ticks=tuple(Tick(x_for(t), str(t)) for t in TICKS),
        bars=tuple(bars),
        description=" ".join(bar.description for bar in bars),
        bar_colours=tuple(
            BAR_COLOURS[_colour_index(rank, len(bands))] for rank in range(len(bands))
        ),
    )


def survey_chart(benchmarks: tuple[BenchmarkLine, ...]) -> SurveyChart | None:
    """One row per share of respondents (context figures left out); None if there is none."""
    shares = [line for line in benchmarks if line.is_percent and not line.context_figure]
    if not shares:
        return None
    markers = [
        _marker(line, SURVEY_TOP + index * SURVEY_ROW + SURVEY_ROW / 2)
        for index, line in enumerate(shares)
    ]
    bottom = SURVEY_TOP + len(shares) * SURVEY_ROW + 4
    return SurveyChart(
        width=WIDTH,
        height=bottom + 8,
        plot_x=PLOT_X,
        plot_width=PLOT_WIDTH,
        plot_top=SURVEY_TOP - 6,
        plot_bottom=bottom,
        ticks=tuple(Tick(x_for(t), f"{t}%") for t in TICKS),
        markers=tuple(markers),
        description=" ".join(marker.description for marker in markers),
    )


def _zones(bands: tuple[tuple[str, float, float], ...]) -> tuple[Zone, ...]:
    return tuple(
        Zone(
            x=x_for(low),
            width=round(x_for(high) - x_for(low), 1),
            label=label,
            tint=ZONE_TINTS[_colour_index(rank, len(bands))],
        )
        for rank, (label, low, high) in enumerate(bands)
    )


def _colour_index(rank: int, count: int) -> int:
    return rank * (len(ZONE_TINTS) - 1) // max(1, count - 1)


def _bar(domain: DomainLine, y: float, *, band_count: int) -> Bar:
    lines = title_lines(domain.title)
    if domain.score is None:
        return Bar(
            title_lines=lines,
            y=y,
            width=0,
            colour=GREY,
            value_text="too few answers",
            description=f"{domain.title}: too few answers to score.",
        )
    counted = domain.band_rank >= 0
    colour = BAR_COLOURS[_colour_index(domain.band_rank, band_count)] if counted else GREY
    aim = (
        f" Target {domain.target_text} by {domain.target_by}." if domain.target is not None else ""
    )
    return Bar(
        title_lines=lines,
        y=y,
        width=round(x_for(domain.score) - PLOT_X, 1),
        colour=colour,
        value_text=f"{domain.score_text} · {domain.band_label}"
        + (f" → {domain.target_text}" if domain.target is not None else ""),
        description=f"{domain.title}: {domain.score_text} out of 100, {domain.band_label}.{aim}",
        target_x=x_for(domain.target) if domain.target is not None else None,
    )


def _marker(line: BenchmarkLine, y: float) -> Marker:
    low, high = line.ci95 if line.ci95 is not None else (None, None)
    return Marker(
        number=line.number,
        y=y,
        x=x_for(line.value),
        low_x=x_for(low) if low is not None else None,
        high_x=x_for(high) if high is not None else None,
        value_text=line.value_text,
        description=f"Survey figure {line.number}: {line.sentence}",
        lower_bound=line.lower_bound,
    )


def title_lines(title: str) -> tuple[str, ...]:
    """A domain title in at most two lines that fit the label column, cut with "…" if longer."""
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= TITLE_LINE_CHARACTERS:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], lines[1] + "…"]
    return tuple(
        line if len(line) <= TITLE_LINE_CHARACTERS else line[: TITLE_LINE_CHARACTERS - 1] + "…"
        for line in lines
    )
