"""``readiness assess``: answer the questions (or score an answers file) and see the scores."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.cli.options import (
    FULL_COUNT,
    FULL_MINUTES,
    QUICK_COUNT,
    QUICK_MINUTES,
    PlainOption,
    QuestionnaireOption,
    ResultFormatOption,
    console,
    warn,
)
from readiness.errors import UsageError
from readiness.report import formats

if TYPE_CHECKING:
    from collections.abc import Callable

    from readiness.interview.drafts import Draft
    from readiness.interview.prompt import Ask
    from readiness.questionnaire.model import AnswerSet, Practice, Questionnaire
    from readiness.results.record import ResultFile


def assess(
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            dir_okay=False,
            help="Score a filled answer form (.xlsx, from 'readiness form'), a YAML or JSON "
            "answers file, or an earlier result, without asking questions.",
        ),
    ] = None,
    demo: Annotated[
        bool, typer.Option(help="Score the bundled example answers of a fictional practice.")
    ] = False,
    questionnaire: QuestionnaireOption = None,
    practice: Annotated[
        str | None, typer.Option(metavar="NAME", help="The practice's name.")
    ] = None,
    ods: Annotated[
        str | None,
        typer.Option(
            metavar="CODE",
            help="The practice's ODS code (NHS Organisation Data Service): a letter and five "
            "digits, for example A81001.",
        ),
    ] = None,
    pcn: Annotated[
        str | None,
        typer.Option(
            metavar="NAME", help="The primary care network (PCN) the practice belongs to."
        ),
    ] = None,
    respondent: Annotated[
        str | None,
        typer.Option(
            metavar="WHO",
            help='Who is answering: a name or a role, for example "Practice manager". Lets '
            "'readiness compare' show several people's views of one practice.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Also save the result (.json) or a report (.html, .csv, .md, .txt) to this file.",
        ),
    ] = None,
    output_format: ResultFormatOption = None,
    no_save: Annotated[
        bool, typer.Option("--no-save", help="Do not keep the result in your results folder.")
    ] = False,
    domains: Annotated[
        str | None,
        typer.Option(
            metavar="IDS",
            help="Answer only these domains, for example --domains funding,time "
            "(see 'readiness questionnaires show').",
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Carry on with the answers saved when you last stopped part-way."
        ),
    ] = False,
    restart: Annotated[
        bool,
        typer.Option(
            "--restart",
            help="Throw away the answers saved part-way (after asking) and start again.",
        ),
    ] = False,
    quick: Annotated[
        bool,
        typer.Option(
            "--quick",
            help=f"The quick check: only the {QUICK_COUNT} quick-check questions (about "
            f"{QUICK_MINUTES} minutes) instead of all {FULL_COUNT} (about {FULL_MINUTES} "
            "minutes). Scored by the same rules, on those questions only.",
        ),
    ] = False,
    plain: PlainOption = False,
) -> None:
    """Answer the questionnaire (or score an answers file) and see your readiness scores.

    All 52 questions take about 15 minutes; the quick check (--quick, 14 questions)
    about 4. Your answers are saved after each one, so you can stop and carry on.
    """
    if answers is not None and demo:
        raise UsageError("Use either --answers or --demo, not both.")
    interviewing = answers is None and not demo
    if not interviewing and (domains is not None or resume or restart):
        raise UsageError(
            "--domains, --resume and --restart are for answering the questions yourself.",
            hint="Leave them out when you use --answers or --demo.",
        )
    fmt = _out_format(out, output_format)
    from readiness.questionnaire.load import load_questionnaire

    loaded = load_questionnaire(questionnaire)
    _check_fits(loaded)
    asked = _quick_questions(loaded) if quick else loaded
    given = given_practice(practice, ods, pcn, respondent)
    if interviewing:
        _interview_and_finish(
            asked,
            full=loaded if quick else None,
            practice=given,
            domains=domains,
            resume=resume,
            restart=restart,
            resume_hint=_resume_hint(questionnaire),
            out=out,
            fmt=fmt,
            save=not no_save,
            plain=plain,
        )
        return
    answer_set = _with_practice(_read_answers(loaded, answers, demo=demo), given)
    if quick:
        answer_set = _as_quick_check(asked, answer_set)
    finish(loaded, answer_set, out=out, fmt=fmt, save=not no_save, plain=plain)


def _check_fits(loaded: Questionnaire) -> None:
    """Your own questionnaire's results must fit the size limit (the bundled ones are tested)."""
    from readiness.files import inside
    from readiness.questionnaire.locate import bundled_root

    if not inside(loaded.folder, bundled_root()):
        from readiness.results.record import check_fits

        check_fits(loaded)


def _out_format(out: Path | None, requested: str | None) -> str:
    """The --out file's format, checked before any question is asked."""
    if out is None:
        if requested is not None:
            raise UsageError("--format says how to write --out: add --out FILE, or leave it out.")
        return formats.JSON.name
    from readiness.results.store import check_out

    check_out(out)
    folder = out.expanduser().parent
    if not folder.is_dir():
        # Checked first, so nobody answers every question only to find --out cannot be written.
        raise UsageError(
            f"The folder {folder} does not exist, so --out cannot be saved there.",
            hint="Create the folder first, or choose another place.",
        )
    return formats.choose(
        formats.RESULT_FORMATS, requested=requested, out=out, default=formats.JSON
    ).name


def _read_answers(questionnaire: Questionnaire, path: Path | None, *, demo: bool) -> AnswerSet:
    from readiness.questionnaire.answers import load_answers

    if demo:
        if questionnaire.demo_answers is None:
            raise UsageError(f"The questionnaire '{questionnaire.id}' has no demo answers.")
        path = questionnaire.demo_answers
    if path is None:  # not reached: the caller passes a path unless demo is set
        raise UsageError("Give --answers FILE or --demo.")
    from readiness.results.formread import is_form, read_form

    if is_form(path):
        filled = read_form(path, questionnaire)
        for note in filled.notes:
            warn(f"Note: {path.name}, {note}.")
        return filled.answer_set
    return load_answers(path, questionnaire)


def given_practice(
    name: str | None, ods: str | None, pcn: str | None, respondent: str | None
) -> Practice:
    from readiness.questionnaire.answers import normalise_ods
    from readiness.questionnaire.model import Practice

    return Practice(name or None, normalise_ods(ods), pcn or None, respondent or None)


def _with_practice(answer_set: AnswerSet, given: Practice) -> AnswerSet:
    """Practice details from the command line override those in the answers file."""
    from msgspec.structs import replace

    practice = answer_set.practice
    practice = replace(
        practice,
        name=given.name or practice.name,
        ods_code=given.ods_code or practice.ods_code,
        pcn=given.pcn or practice.pcn,
        respondent=given.respondent or practice.respondent,
    )
    return replace(answer_set, practice=practice)


def finish(
    questionnaire: Questionnaire,
    answer_set: AnswerSet,
    *,
    out: Path | None,
    fmt: str,
    save: bool,
    plain: bool,
) -> ResultFile:
    """Score, print the report, and save the result (and any --out file)."""
    from readiness.report import render_file
    from readiness.report.result.terminal import report
    from readiness.results import history, store
    from readiness.results.diff import changes_between
    from readiness.results.record import build_result

    result = build_result(questionnaire=questionnaire, answer_set=answer_set)
    from readiness.plans.store import progress_since

    earlier = history.latest_earlier(result, store.result_files())
    changes = changes_between(earlier, result) if earlier is not None else None
    progress = progress_since(earlier, result)
    screen = console(plain=plain)
    screen.print(report(result, changes=changes, progress=progress, plain=plain))
    if save:
        saved = store.save_result(result)
        screen.print(f"\nResult saved to {saved}", markup=False, soft_wrap=True)
    if out is not None:
        store.write_atomic(out, render_file(result, fmt, changes=changes, progress=progress))
        screen.print(f"Written to {out}", markup=False, soft_wrap=True)
    return result


def _resume_hint(questionnaire: str | None) -> str:
    which = f" --questionnaire {questionnaire}" if questionnaire else ""
    return (
        f"Your answers are kept. To carry on where you left off, run:\n"
        f"  readiness assess{which} --resume\n(or the same command again)."
    )


def require_terminal() -> None:
    """The questions need a terminal; stop before prompt_toolkit can warn or fail."""
    if not all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout)):
        raise UsageError(
            "The questions have to be answered in a terminal window, and this is not one.",
            hint="To score answers without questions, use: readiness assess --answers FILE "
            "(or --demo for a worked example).",
        )


def _quick_questions(questionnaire: Questionnaire) -> Questionnaire:
    from readiness.questionnaire.quick import has_quick_check, quick_check

    if not has_quick_check(questionnaire):
        raise UsageError(
            f"The questionnaire '{questionnaire.id}' has no quick check (no question is "
            "marked quick: true).",
            hint="Leave out --quick to answer all the questions.",
        )
    return quick_check(questionnaire)


def _as_quick_check(asked: Questionnaire, answer_set: AnswerSet) -> AnswerSet:
    """Score as a quick check, saying how many answers to other questions are left out."""
    from msgspec.structs import replace

    ids = {question.id for question in asked.questions}
    other = [key for key in answer_set.answers if key not in ids]
    if other:
        warn(
            f"Note: a quick check scores only its {len(ids)} questions, so "
            f"{len(other)} other answer{'s are' if len(other) != 1 else ' is'} left out."
        )
    return replace(answer_set, quick=True)


def _interview_and_finish(
    questionnaire: Questionnaire,
    *,
    full: Questionnaire | None,
    practice: Practice,
    domains: str | None,
    resume: bool,
    restart: bool,
    resume_hint: str,
    out: Path | None,
    fmt: str,
    save: bool,
    plain: bool,
) -> None:
    """Ask the questions (saving a draft after each answer), review, then score and save."""
    from readiness.interview import drafts, session
    from readiness.interview.session import parse_domains
    from readiness.interview.terminal import TerminalAsker

    require_terminal()
    if resume and restart:
        raise UsageError("Use either --resume or --restart, not both.")
    requested = parse_domains(questionnaire, domains) if domains else None
    screen = console(plain=plain)
    ask = TerminalAsker(plain=plain, console=screen)

    def tell(message: str) -> None:
        screen.print(message, markup=False)

    start = session.start(
        questionnaire,
        ask,
        tell,
        given=practice,
        requested=requested,
        resume=resume,
        restart=restart,
    )

    with drafts.hold(start):
        _answer_and_finish(
            questionnaire,
            start,
            full=full,
            resume_hint=resume_hint,
            tell=tell,
            ask=ask,
            out=out,
            fmt=fmt,
            save=save,
            plain=plain,
        )


def _answer_and_finish(
    questionnaire: Questionnaire,
    start: Draft,
    *,
    full: Questionnaire | None,
    resume_hint: str,
    tell: Callable[[str], None],
    ask: Ask,
    out: Path | None,
    fmt: str,
    save: bool,
    plain: bool,
) -> None:
    """The questions and the end of the interview, while the draft's lock is held.

    ``full``: the whole questionnaire, when ``questionnaire`` is its quick check.
    """
    from readiness.interview import drafts
    from readiness.interview.engine import Interview, InterviewState
    from readiness.questionnaire.model import AnswerSet

    def save_draft(state: InterviewState) -> None:
        drafts.save_draft(
            drafts.new_draft(
                questionnaire,
                start.practice,
                answers=state.answers,
                position=state.position,
                domains=state.domains,
                notes=state.notes,
                targets=state.targets,
            )
        )

    interview = Interview(
        questionnaire,
        domains=start.domains,
        answers=start.answers,
        notes=start.notes,
        targets=start.targets,
        position=start.position,
        on_save=save_draft,
        resume_hint=resume_hint,
        offer_targets=True,
    )
    answers = interview.run(ask)
    finish(
        full or questionnaire,
        AnswerSet(
            start.practice,
            answers,
            interview.notes,
            interview.targets,
            quick=full is not None,
        ),
        out=out,
        fmt=fmt,
        save=save,
        plain=plain,
    )
    if save:
        tell(
            "\nNext: choose the steps your practice will take, each with an owner and a "
            "month, with 'readiness plan edit'."
        )
    if save or out is not None:
        drafts.discard(start)
    else:
        # --no-save and no --out: the draft is the only copy of these answers, so it stays.
        tell(
            "\nNot saved, as you asked. Your answers are kept as a draft: run the same "
            "command again to see them, or add --restart to throw them away."
        )
