"""The comparison on screen, as rich renderables (the caller prints them).

Laid out for 80 columns and for ``NO_COLOR``: the heatmap colours only repeat
the scores, which the legend ties to bands; ``plain`` drops box drawing and
colour for screen readers. With many practices (an ICB, or all of England) the
table shows the highest and lowest ``EDGE_ROWS`` practices and says how to get
every row (``--format csv``, ``xlsx`` or ``html``); the network figures always
cover every practice.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text

from readiness.network.records import Cell, NetworkComparison, PracticeRow
from readiness.report.network import common as words

# Up to this many practices the table shows them all; above it, the top and bottom EDGE_ROWS.
ALL_ROWS_UP_TO = 25
EDGE_ROWS = 10
# Notes, skipped files and respondents' views shown on screen before "and N more".
LIST_LIMIT = 12
HEADING_STYLE = "bold blue"
# Heatmap cell styles by band position, lowest first (dropped under NO_COLOR or --plain).
HEAT_STYLES = ("bold white on red3", "black on gold3", "black on cyan3", "bold white on green4")
ABBREVIATE_OVER = 5
# From this width the overall column also names the band (narrower, the legend does).
WIDE_FROM = 100


def render(
    comparison: NetworkComparison, *, plain: bool = False, width: int = 80
) -> RenderableType:
    """Every view of the comparison, top to bottom, for a screen ``width`` columns wide."""
    wide = width >= WIDE_FROM
    parts: list[RenderableType] = [heading(comparison), *collection(comparison)]
    parts += [practice_table(comparison, plain=plain, wide=wide), legend(comparison)]
    parts += [Text(""), network_table(comparison, plain=plain), barriers(comparison)]
    parts += [Text(""), surveys(comparison)]
    if comparison.several_respondents:
        parts += [Text(""), respondents(comparison, plain=plain)]
    parts += targets_and_plans(comparison, plain=plain)
    parts += notes(comparison)
    return Group(*parts)


def targets_and_plans(comparison: NetworkComparison, *, plain: bool) -> list[RenderableType]:
    """The network now and at its targets, and the steps practices plan ("Plans")."""
    parts: list[RenderableType] = []
    rows = words.target_rows(comparison)
    if rows:
        table = Table(
            title="Now and at the practices' targets (medians)",
            title_justify="left",
            box=None if plain else box.SIMPLE_HEAD,
            pad_edge=False,
        )
        columns: tuple[tuple[str, JustifyMethod], ...] = (
            ("Domain", "left"),
            ("Now", "right"),
            ("Target", "right"),
            ("Aiming to move", "right"),
        )
        for name, justify in columns:
            table.add_column(name, justify=justify)
        for row in rows:
            table.add_row(*row)
        parts += [Text(""), table]
        if words.most_aimed(comparison):
            parts.append(Text(words.most_aimed(comparison)))
    lines = words.plan_lines(comparison)
    if comparison.plans is not None:
        text = Text("\nPlans\n", style="bold")
        text.append(words.plans_summary(comparison) + "\n")
        for line in lines:
            text.append(f"• {line}\n")
        if not lines:
            text.append("No steps planned yet.\n")
        parts.append(text)
    return parts


def heading(comparison: NetworkComparison) -> Text:
    text = Text()
    text.append(f"Readiness across {comparison.title}", style="bold")
    if comparison.anonymised:
        text.append(" (anonymised)")
    text.append(f"\n{words.summary_line(comparison)}\n")
    return text


def abbreviation(title: str) -> str:
    return title if len(title) <= ABBREVIATE_OVER else title[: ABBREVIATE_OVER - 1] + "."


def heat(comparison: NetworkComparison, cell: Cell, *, plain: bool) -> Text:
    text = f" {words.score_text(cell):>3} "
    position = words.band_position(cell.band, len(comparison.bands), len(HEAT_STYLES))
    if plain or position is None:
        return Text(text, style="dim" if position is None and not plain else "")
    return Text(text, style=HEAT_STYLES[position])


def practice_table(comparison: NetworkComparison, *, plain: bool, wide: bool = False) -> Table:
    order = "by name" if comparison.sort == "name" else "highest overall score first"
    table = Table(
        title=f"Practices, {order}",
        title_justify="left",
        title_style=HEADING_STYLE,
        box=None if plain else box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
    )
    table.add_column("Practice", ratio=1, overflow="fold", min_width=12)
    for info in comparison.domains:
        table.add_column(abbreviation(info.title), justify="right", no_wrap=True)
    table.add_column("Overall", no_wrap=True)
    rows = comparison.practices
    if len(rows) <= ALL_ROWS_UP_TO:
        shown: Sequence[PracticeRow | None] = rows
    else:
        shown = [*rows[:EDGE_ROWS], None, *rows[-EDGE_ROWS:]]
    for row in shown:
        if row is None:
            hidden = len(rows) - 2 * EDGE_ROWS
            table.add_row(Text(f"… {hidden:,} more …", style="italic"))
            continue
        _add_practice(table, comparison, row, plain=plain, wide=wide)
    return table


def _add_practice(
    table: Table, comparison: NetworkComparison, row: PracticeRow, *, plain: bool, wide: bool
) -> None:
    name = Text(row.label, style="bold")
    if row.ods_code:
        name.append(f" {row.ods_code}", style="")
    table.add_row(
        name,
        *(heat(comparison, cell, plain=plain) for cell in row.domains),
        _overall(comparison, row.overall, plain=plain, wide=wide),
    )
    if len(row.responses) < 2:
        return
    bullet = "-" if plain else "·"
    for response in row.responses:
        label = Text(
            f"  {bullet} {words.response_label(response, short=True)}",
            style="" if response.current else "dim",
        )
        table.add_row(
            label,
            *(Text(f"{words.score_text(cell)} ") for cell in response.domains),
            Text(f" {words.score_text(response.overall):>3} "),
        )


def _overall(comparison: NetworkComparison, cell: Cell, *, plain: bool, wide: bool) -> Text:
    text = heat(comparison, cell, plain=plain)
    if wide and cell.enough_answers:
        text.append(f" {comparison.band_label(cell)}")
    return text


def legend(comparison: NetworkComparison) -> Text:
    abbreviated = [
        f"{abbreviation(info.title)} {info.title}"
        for info in comparison.domains
        if abbreviation(info.title) != info.title
    ]
    text = Text(style="dim")
    if abbreviated:
        text.append("Domains: " + ", ".join(abbreviated) + ".\n")
    text.append(f"Bands: {words.band_ranges(comparison)}.\n")
    text.append(
        "— means not enough answers to score (less than half answered). A practice with "
        "several respondents scores their mean."
    )
    if len(comparison.practices) > ALL_ROWS_UP_TO:
        text.append(
            f"\nShowing the {EDGE_ROWS} highest and {EDGE_ROWS} lowest of "
            f"{words.practice_count(len(comparison.practices))}. To see every "
            "practice, add --format csv --out practices.csv (or xlsx or html).",
            style="bold",
        )
    return text


def network_table(comparison: NetworkComparison, *, plain: bool) -> Table:
    count = words.practice_count(len(comparison.practices))
    table = Table(
        title=f"The network as a whole ({count})",
        title_justify="left",
        title_style=HEADING_STYLE,
        box=None if plain else box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
    )
    table.add_column("Domain", no_wrap=True)
    for heading_text in ("Median", "Low", "High"):
        table.add_column(heading_text, justify="right", no_wrap=True)
    # Band names wrap over two lines, so that the table fits 80 columns.
    for band in comparison.bands:
        table.add_column(band.label, justify="right", max_width=7, overflow="fold")
    table.add_column(words.NOT_ENOUGH, justify="right", max_width=7, overflow="fold")
    for summary in (*comparison.network, comparison.overall):
        table.add_row(
            summary.domain.title,
            words.number_text(summary.median),
            words.number_text(summary.lowest),
            words.number_text(summary.highest),
            *(f"{count:,}" for count in summary.band_counts),
            f"{summary.not_enough:,}",
            style="bold" if summary is comparison.overall else "",
        )
    return table


def barriers(comparison: NetworkComparison) -> Text:
    text = Text()
    text.append(f"\nWeak means a score {comparison.weak_below()}.\n", style="dim")
    groups = (
        ("shared", "Shared barriers, weak in more than half the practices"),
        ("one", "Weak in one practice only"),
        ("some", "Weak in some practices"),
        ("none", "Not weak in any practice"),
    )
    for kind, title in groups:
        found = [s for s in comparison.network if s.barrier == kind]
        if not found:
            continue
        text.append(f"{title}: ", style="bold")
        if kind == "one":
            listed = [f"{s.domain.title} ({s.weak[0]})" for s in found]
        elif kind == "none":
            listed = [s.domain.title for s in found]
        else:
            listed = [f"{s.domain.title} ({len(s.weak):,} of {s.scored:,})" for s in found]
        text.append("; ".join(listed) + ".\n")
    return text


def surveys(comparison: NetworkComparison) -> RenderableType:
    parts: list[RenderableType] = [Text("Against the published surveys", style=HEADING_STYLE)]
    if not comparison.benchmarks:
        return Group(*parts, Text("No answers are linked to survey figures."))
    for item in comparison.benchmarks:
        # A grid, so that long lines wrap under their own column, not under the labels.
        grid = Table.grid(padding=(0, 1), pad_edge=False)
        grid.add_column(no_wrap=True)
        grid.add_column()
        grid.add_row("  Your network:", words.network_text(item))
        grid.add_row(f"  {words.figure_label(item)}:", words.survey_text(item))
        grid.add_row("  Asked:", Text(words.asked_text(item), style="dim"))
        grid.add_row("  Counts:", Text(words.counts_text(item), style="dim"))
        grid.add_row("  Source:", Text(item.record.source.publisher, style="dim"))
        parts += [Text(f"\n{words.figure_heading(item)}", style="bold"), grid]
    return Group(*parts)


def respondents(comparison: NetworkComparison, *, plain: bool) -> RenderableType:
    parts: list[RenderableType] = [
        Text("Where a practice's respondents differ", style=HEADING_STYLE),
        Text(
            "Split: scores two or more bands apart. One band apart: neighbouring bands.",
            style="dim",
        ),
    ]
    rows = comparison.several_respondents
    for row in rows[:LIST_LIMIT]:
        parts.append(_respondent_table(comparison, row, plain=plain))
    if len(rows) > LIST_LIMIT:
        parts.append(
            Text(
                f"… and {words.practice_count(len(rows) - LIST_LIMIT)} more with "
                "several respondents (see the xlsx, html or json export)."
            )
        )
    return Group(*parts)


def _respondent_table(comparison: NetworkComparison, row: PracticeRow, *, plain: bool) -> Table:
    table = Table(
        title=row.label,
        title_justify="left",
        box=None if plain else box.SIMPLE,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
    )
    table.add_column("Domain", no_wrap=True)
    current = row.current
    for response in current:
        table.add_column(response.respondent, justify="right", max_width=14)
    table.add_column("Views")
    for position, info in enumerate(comparison.domains):
        kind = row.agreement[position].kind
        table.add_row(
            info.title,
            *(words.score_text(r.domains[position]) for r in current),
            Text(words.agreement_text(row, position), style="bold" if kind == "split" else ""),
        )
    return table


def collection(comparison: NetworkComparison) -> list[RenderableType]:
    """With --expect: who has returned, first, because it is what a PCN lead chases."""
    if comparison.collection is None:
        return []
    text = Text()
    text.append("Collection round\n", style=HEADING_STYLE)
    for line in words.round_lines(comparison.collection):
        text.append(f"• {line}\n")
    return [text]


def notes(comparison: NetworkComparison) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for title, lines in (
        ("Notes", words.note_texts(comparison)),
        ("Files skipped (not valid results)", words.skipped_lines(comparison)),
    ):
        if not lines:
            continue
        text = Text()
        text.append(f"\n{title}\n", style=HEADING_STYLE)
        for line in lines[:LIST_LIMIT]:
            text.append(f"• {line}\n")
        if len(lines) > LIST_LIMIT:
            text.append(f"… and {len(lines) - LIST_LIMIT:,} more (all are in the exports).\n")
        parts.append(text)
    if comparison.anonymised and comparison.skipped:
        parts.append(
            Text(
                "Files are numbered in the order read; run without --anonymise to see their names.",
                style="dim",
            )
        )
    return parts
