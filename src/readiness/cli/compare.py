"""``readiness compare`` and ``readiness history``: practices side by side, and over time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.cli.options import (
    NetworkFormatOption,
    PlainOption,
    QuestionnaireOption,
    console,
    say,
    stdout_bytes,
    warn,
)
from readiness.errors import UsageError
from readiness.report import formats

if TYPE_CHECKING:
    from readiness.network.records import NetworkComparison
    from readiness.results.history import History

SORT_ORDERS = ("score", "name")


def compare(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Result files and filled answer forms (.xlsx, from 'readiness form'), or "
            "folders of them (the .json and .xlsx files directly inside each folder, not in "
            "folders below it).",
        ),
    ],
    output_format: NetworkFormatOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="FILE", dir_okay=False, help="Write to this file."),
    ] = None,
    anonymise: Annotated[
        bool,
        typer.Option(
            "--anonymise",
            "--anonymize",
            help="Show practices as Practice A, B, … with no names, ODS codes, PCN names, "
            "respondents, file names, notes on answers or plan owners: for sharing, for "
            "example at a board meeting.",
        ),
    ] = False,
    keep_notes: Annotated[
        bool,
        typer.Option(
            "--keep-notes",
            help="With --anonymise, keep the practices' notes on their answers (they are "
            "left out because notes may name people).",
        ),
    ] = False,
    pcn: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Your primary care network (PCN): its name heads the comparison, and "
            "results that name a different PCN are left out.",
        ),
    ] = None,
    sort: Annotated[
        str,
        typer.Option(
            metavar="ORDER",
            help="List practices by overall score (score: highest first) or by name.",
        ),
    ] = "score",
    keep_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also show each practice's earlier results. Without it, only the latest "
            "result from each person is used and the others are named in a note.",
        ),
    ] = False,
    expect: Annotated[
        Path | None,
        typer.Option(
            "--expect",
            metavar="PRACTICES.csv",
            dir_okay=False,
            help="Your PCN's list of practices: a CSV file (saved from Excel) with a heading "
            "row, an ODS code column and a practice name column. Says who has returned and "
            "who you are waiting for.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="With --expect: results older than this date (for example 2026-04-01) are "
            "stale, so not counted as returned this round.",
        ),
    ] = None,
    questionnaire: QuestionnaireOption = None,
    plain: PlainOption = False,
) -> None:
    """Compare practices side by side, as a network, and against published surveys.

    For a primary care network (PCN) lead or an integrated care board (ICB)
    analyst: give the result files your practices sent you (or a folder of them).
    You see each practice's score in each domain, coloured by band; the network's
    median, lowest and highest score per domain; the barriers most practices
    share; how many practices are in each survey figure's group; and where two
    people from one practice (say the practice manager and a GP partner) see it
    differently. Results from different people at one practice (set with
    'readiness assess --respondent') are shown together.

    \b
    Examples:
      readiness compare results/
      readiness compare returns/ --expect practices.csv --since 2026-04-01
      readiness compare results/ --out network.xlsx
      readiness compare a.json b.json --anonymise --format html --out board.html
    """
    import atexit
    import gc

    from readiness.network.engine import compare_paths
    from readiness.network.expected import parse_since

    fmt = formats.choose(
        formats.NETWORK_FORMATS, requested=output_format, out=out, default=formats.TERMINAL
    ).name
    if since is not None and expect is None:
        raise UsageError(
            "--since marks returns as stale against your list of practices.",
            hint="Add --expect PRACTICES.csv, or leave --since out.",
        )
    since_date = parse_since(since)
    if out is not None:
        from readiness.results.store import check_out

        check_out(out)
    order = sort.strip().lower()
    if order not in SORT_ORDERS:
        raise UsageError(f"'{sort}' is not a sort order.", hint="Use --sort score or --sort name.")
    # Comparing makes no reference cycles, and with thousands of results the cycle
    # collector would only walk the same records again and again (a third of the time).
    # For the same reason, the full collection Python makes as it exits is spared the
    # objects alive by then (a tenth of a second for all of England).
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    collecting = gc.isenabled()
    gc.disable()
    try:
        comparison = compare_paths(
            paths,
            pcn=pcn,
            sort="name" if order == "name" else "score",
            keep_all=keep_all,
            anonymise=anonymise,
            questionnaire=questionnaire,
            expect=expect,
            since=since_date,
            long_table=fmt == formats.LONG_CSV.name,
            keep_notes=keep_notes,
        )
        _show(comparison, fmt, out=out, plain=plain)
    finally:
        if collecting:
            gc.enable()


def _show(comparison: NetworkComparison, fmt: str, *, out: Path | None, plain: bool) -> None:
    from readiness.report import render_network

    if fmt == formats.TERMINAL.name and out is None:
        from readiness.report.network.terminal import render

        screen = console(plain=plain)
        screen.print(render(comparison, plain=plain, width=screen.width))
        return
    for skipped in comparison.skipped:
        warn(f"Warning: skipped {skipped.file}: {'; '.join(skipped.reasons)}")
    data = render_network(comparison, fmt)
    if out is None:
        if fmt == formats.JSON.name:
            from readiness.textsafe import json_text

            data = json_text(data.decode("utf-8")).encode("utf-8")
        stdout_bytes(data)
        return
    from readiness.results import store

    store.write_bytes_atomic(out, data)
    count = len(comparison.practices)
    say(f"Compared {count:,} practice{'s' if count != 1 else ''}; written to {out}")


def history(
    practice: Annotated[
        str | None,
        typer.Option(
            "--practice",
            "-p",
            metavar="ODS|NAME",
            help="Only this practice: its ODS code (for example A81001) or part of its name.",
        ),
    ] = None,
    plain: PlainOption = False,
) -> None:
    """List your saved assessments and how each domain changed since the one before.

    Reads the results folder that 'readiness assess' saves to. Changes are shown
    as ▲ 12 (up 12 points), ▼ 5 (down 5) or — (no change), and are only worked
    out between assessments by the same person (see 'assess --respondent').
    """
    from readiness.report.history import render
    from readiness.results import store
    from readiness.results.history import history as find_history

    found = find_history(store.result_files(), practice=practice)
    screen = console(plain=plain)
    if not found.tracks and not found.skipped:
        screen.print(
            f"No assessments saved yet in {store.results_dir()}.\n"
            "Run 'readiness assess' (or 'readiness assess --demo' for an example).",
            markup=False,
        )
        return
    screen.print(render(found, plain=plain, plans=_plan_counts(found)))


def _plan_counts(found: History) -> dict[str, tuple[int, int]]:
    """Each practice's action plan, as steps done and total, by the practice's label."""
    from readiness.plans.records import PracticeRef
    from readiness.plans.store import current_plan

    counts = {}
    for track in found.tracks:
        plan = current_plan(PracticeRef(name=track.name, ods_code=track.ods_code))
        if plan is not None:
            counts[track.label] = plan.done_total()
    return counts
