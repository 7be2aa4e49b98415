"""The ``readiness`` command line: typer only, one module per command, and ``run``.

Each command module parses its options, calls the core (keyword-only functions
that never print or exit) and hands what comes back to ``report`` to lay out.
``run`` is the one place errors become messages and exit codes: 1 for bad input,
2 for wrong usage, 130 for an interrupt (after saving), 3 for a bug in readiness,
whose details go to a log file rather than the screen.

Only typer is imported at start-up; every command imports what it needs, so
``readiness --help`` stays quick.
"""

from __future__ import annotations

import sys

import typer

from readiness.cli import assess, compare, form, plan, questionnaires, report
from readiness.cli.options import warn
from readiness.errors import InterviewInterrupted, InvalidFileError, ReadinessError
from readiness.textsafe import never_fail_on_output

HELP = """\
Check how ready your GP practice is to work in integrated care: in your primary
care network (PCN), your integrated care system (ICS) and its integrated care
board (ICB), and in integrated neighbourhood teams (INTs).

\b
Start with:  readiness assess --demo   (a worked example)
Then:        readiness assess          (answer the questions yourself)
"""

EXIT_BUG = 3

app = typer.Typer(
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80},
)
app.command()(assess.assess)
app.command()(form.form)
app.command()(questionnaires.benchmarks)
app.add_typer(questionnaires.app, name="questionnaires")
app.command()(questionnaires.glossary)
app.command("report")(report.report)
app.command("compare")(compare.compare)
app.command("history")(compare.history)
app.add_typer(plan.app, name="plan")


def report_error(error: ReadinessError) -> None:
    """Print an error for people: what is wrong, where, and what to do."""
    # Stopping the interview part-way is the user's choice, not a fault.
    prefix = "\n" if isinstance(error, InterviewInterrupted) else "Error: "
    lines = [f"{prefix}{error.message}"]
    if isinstance(error, InvalidFileError):
        lines.extend(f"  {problem}" for problem in error.problems)
    if error.hint:
        lines.append(error.hint)
    # File names, question ids and text from files: shown through the safe console.
    warn("\n".join(lines))


def report_bug(error: BaseException) -> None:
    """An unexpected error: one short paragraph for people, the details to a log file."""
    from readiness.logs import write_crash_log

    log = write_crash_log(error)
    where = f"The details were written to {log}." if log else "The details could not be saved."
    warn(
        "\nSorry: something went wrong inside readiness (a bug, not something you did). "
        "Your saved answers and results are untouched: answers given in the interview "
        f"are kept as a draft after each one. {where} Please send that file to whoever "
        "gave you readiness."
    )


def run() -> None:
    """Run the app; the one place an error becomes a message and an exit code."""
    # A console that cannot show a character shows its ASCII form instead of failing.
    never_fail_on_output()
    try:
        app()
    except ReadinessError as error:
        report_error(error)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        typer.echo("\nStopped.", err=True)
        sys.exit(130)
    except Exception as error:  # the one place a bug becomes a message
        report_bug(error)
        sys.exit(EXIT_BUG)
