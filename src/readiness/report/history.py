"""``readiness history`` on screen: each practice's assessments and how each domain changed.

Each cell holds the score and, below it, the change since the previous
assessment: "▲ 12", "▼ 5" or "—" (no change). ``plain`` writes "up 12",
"down 5" and "same" instead, which screen readers say clearly, and drops colour.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from readiness.report.dates import long_date
from readiness.report.network.terminal import HEADING_STYLE, abbreviation
from readiness.results.history import Change, History, Track

# A change smaller than this, once rounded for display, reads as no change.
STEADY_BELOW = 0.5


def change_text(change: float | None, *, plain: bool = False) -> Text:
    """The change as ▲ 12 (green), ▼ 5 (red) or —; as up 12, down 5 or same when plain."""
    if change is None:
        return Text("")
    if abs(change) < STEADY_BELOW:
        return Text("same" if plain else "—", style="dim")
    amount = f"{abs(change):.0f}"
    if change > 0:
        return Text(f"up {amount}" if plain else f"▲ {amount}", style="green")
    return Text(f"down {amount}" if plain else f"▼ {amount}", style="red")


def cell(value: Change, *, plain: bool) -> Text:
    text = Text("—" if value.score is None else f"{value.score:.0f}")
    if value.change is not None:
        text.append("\n")
        text.append_text(change_text(value.change, plain=plain))
    return text


def render(
    found: History,
    *,
    plain: bool = False,
    plans: Mapping[str, tuple[int, int]] | None = None,
) -> RenderableType:
    """``plans``: each practice's plan, steps done and total, by ``Track.label``."""
    parts: list[RenderableType] = []
    for track in found.tracks:
        counts = (plans or {}).get(track.label)
        parts += [track_heading(track), track_table(track, plain=plain, plan=counts)]
        parts += track_notes(track)
    if found.skipped:
        text = Text("\nFiles skipped (not valid results)\n", style=HEADING_STYLE)
        for item in found.skipped:
            text.append(f"• {item.file}: {'; '.join(item.reasons)}\n")
        parts.append(text)
    parts.append(legend(found))
    if plans:
        parts.append(Text("Plan: the action plan's steps done, of those not dropped.", style="dim"))
    return Group(*parts)


def track_heading(track: Track) -> Text:
    text = Text()
    text.append(f"\n{track.label}", style=HEADING_STYLE)
    details = [part for part in (track.ods_code, track.pcn) if part]
    if track.respondent:
        details.append(f"answered by {track.respondent}")
    if details:
        text.append(f"  {' · '.join(details)}")
    return text


def track_table(track: Track, *, plain: bool, plan: tuple[int, int] | None = None) -> Table:
    table = Table(
        box=None if plain else box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
        show_lines=False,
    )
    table.add_column("Assessed", no_wrap=True)
    table.add_column("Overall", justify="right", no_wrap=True)
    for info in track.domains:
        table.add_column(abbreviation(info.title), justify="right", no_wrap=True)
    if plan is not None:
        # The plan as it stands now: shown on the latest assessment's row.
        table.add_column("Plan", justify="right", no_wrap=True)
    last = len(track.assessments) - 1
    for number, assessment in enumerate(track.assessments):
        cells: list[RenderableType] = [
            long_date(assessment.created_at),
            cell(assessment.overall, plain=plain),
            *(cell(value, plain=plain) for value in assessment.domains),
        ]
        if plan is not None:
            cells.append(Text(f"{plan[0]}/{plan[1]} done" if number == last else ""))
        table.add_row(*cells)
    return table


def track_notes(track: Track) -> list[RenderableType]:
    """Say where the questionnaire changed, since changes then may come from new questions."""
    notes: list[RenderableType] = []
    for before, after in zip(track.assessments, track.assessments[1:], strict=False):
        if before.questionnaire != after.questionnaire:
            notes.append(
                Text(
                    f"From {long_date(after.created_at)} the questionnaire is "
                    f"{after.questionnaire} (before: {before.questionnaire}); "
                    "changes then may partly come from different questions.",
                    style="dim",
                )
            )
    return notes


def legend(found: History) -> Text:
    """The domains' short names (once, under every table), and what the marks mean."""
    titles = {info.title: None for track in found.tracks for info in track.domains}
    abbreviated = [f"{abbreviation(t)} {t}" for t in titles if abbreviation(t) != t]
    text = Text(style="dim")
    if abbreviated:
        text.append("\nDomains: " + ", ".join(abbreviated) + ".")
    count = sum(len(track.assessments) for track in found.tracks)
    practices = len(found.tracks)
    text.append(
        f"\n{count:,} assessment{'s' if count != 1 else ''} of {practices:,} "
        f"practice{'s' if practices != 1 else ''}. Scores are out of 100; — means not "
        "enough answers to score. Changes are since the assessment before, by the same person."
    )

    return text
