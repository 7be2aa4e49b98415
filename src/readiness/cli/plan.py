"""``readiness plan``: the practice's action plan: show it, edit it, export it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.cli.options import PlainOption, console, say, warn
from readiness.errors import ReadinessError, UsageError
from readiness.report import formats

if TYPE_CHECKING:
    from readiness.interview.prompt import Ask
    from readiness.plans.records import Plan, PracticeRef
    from readiness.results.record import ResultFile

PracticeOption = Annotated[
    str | None,
    typer.Option(
        "--practice",
        "-p",
        metavar="ODS|NAME",
        help="The practice: its ODS code (for example A81001) or part of its name. "
        "Needed only when your results folder holds more than one practice.",
    ),
]

app = typer.Typer(
    help="Your action plan: the steps your practice will take after an assessment, each "
    "with an owner (a role or a name), a month it is due and a status (planned, doing, "
    "done or dropped). With no command, shows the plan.\n\n"
    "\b\nExamples:\n  readiness plan\n  readiness plan edit\n"
    "  readiness plan export --out plan.xlsx",
    no_args_is_help=False,
    invoke_without_command=True,
    rich_markup_mode=None,
)


@app.callback(invoke_without_command=True)
def show(ctx: typer.Context, practice: PracticeOption = None, plain: PlainOption = False) -> None:
    """Show the current plan for a practice."""
    if ctx.invoked_subcommand is not None:
        return
    from readiness.plans.changes import today
    from readiness.report.plan.terminal import render

    result = latest_result(practice)
    plan = _load(result)
    if plan is None:
        say(
            f"There is no action plan for {result.practice.display_name()} yet. "
            "Run 'readiness plan edit' to choose the steps you will take."
        )
        return
    console(plain=plain).print(render(plan, on=today(), plain=plain))


@app.command()
def edit(practice: PracticeOption = None, plain: PlainOption = False) -> None:
    """Choose and change the plan's steps, one question at a time (saved after each change).

    Pick steps from the next steps your latest assessment suggested, or write your own;
    give each an owner and a due month; mark steps doing, done or dropped. Press Ctrl-C
    at any time: the plan is already saved.
    """
    from readiness.cli.assess import require_terminal
    from readiness.interview.terminal import TerminalAsker

    require_terminal()
    result = latest_result(practice)
    screen = console(plain=plain)
    edit_plan(result, TerminalAsker(plain=plain, console=screen))
    say(
        "Plan saved. 'readiness plan' shows it; 'readiness plan export --out plan.xlsx' exports it."
    )


@app.command()
def export(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="The file to write: .xlsx (Excel), .csv, .md (Markdown) or .html.",
        ),
    ],
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="xlsx, csv, md or html. Default: from the --out file's name.",
        ),
    ] = None,
    practice: PracticeOption = None,
) -> None:
    """Export the plan for a partners' meeting: steps by due month, then by impact."""
    from readiness.plans.changes import today
    from readiness.report import render_plan
    from readiness.results import store

    fmt = formats.choose(
        formats.PLAN_FORMATS, requested=output_format, out=out, default=formats.XLSX
    )
    store.check_out(out)
    result = latest_result(practice)
    plan = _load(result)
    if plan is None:
        raise ReadinessError(
            f"There is no action plan for {result.practice.display_name()} yet.",
            hint="Run 'readiness plan edit' to choose the steps you will take.",
        )
    store.write_bytes_atomic(out, render_plan(plan, fmt.name, on=today()))
    say(f"Plan written to {out}")


def edit_plan(result: ResultFile, ask: Ask) -> Plan:
    """Edit the practice's plan through ``ask``, holding its lock, saving after each change."""
    from readiness.interview.planning import PlanEditor
    from readiness.plans import store as plans
    from readiness.plans.changes import new_plan, today

    ref = _ref(result)
    with plans.editing(ref):
        plan = _load(result) or new_plan(result)
        editor = PlanEditor(plan=plan, result=result, on_save=plans.save_plan, today=today())
        return editor.run(ask)


def _ref(result: ResultFile) -> PracticeRef:
    from readiness.plans.records import PracticeRef

    practice = result.practice
    return PracticeRef(name=practice.name, ods_code=practice.ods_code, pcn=practice.pcn)


def _load(result: ResultFile) -> Plan | None:
    """The practice's plan; a damaged plan file is set aside with a warning."""
    from readiness.plans.store import load_plan

    loaded = load_plan(_ref(result))
    if loaded.set_aside is not None:
        warn(loaded.set_aside.warning())
    return loaded.plan


def latest_result(practice: str | None) -> ResultFile:
    """The newest saved result for the practice (the only one saved, or ``--practice``)."""
    from readiness.results import store
    from readiness.results.history import history
    from readiness.results.identity import practice_key, time_key
    from readiness.results.record import read_result

    found = history(store.result_files(), practice=practice)
    if not found.tracks:
        raise ReadinessError(
            f"No assessment is saved yet in {store.results_dir()}.",
            hint="Run 'readiness assess' first: the plan starts from its next steps.",
        )
    practices = {practice_key(t.ods_code, t.name) for t in found.tracks}
    if len(practices) > 1:
        names = sorted({t.label for t in found.tracks})
        raise UsageError(
            "Your results folder holds more than one practice: say which with --practice.",
            hint=f"Saved practices: {', '.join(names[:10])}.",
        )
    newest = max(
        (item for track in found.tracks for item in track.assessments),
        key=lambda item: time_key(item.created_at),
    )
    return read_result(Path(newest.file))
