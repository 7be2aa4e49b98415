"""The interview engine, driven by a scripted ``ask``: order, Back, conditions, review, stops."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from readiness.cli import app
from readiness.errors import InterviewInterrupted, UsageError
from readiness.interview.engine import Interview, InterviewState
from readiness.interview.prompt import (
    BACK,
    CHOOSE_DOMAINS,
    CONFIRM,
    EXPLAIN,
    SAVE_AND_QUIT,
    Prompt,
    Reply,
)
from readiness.interview.replies import (
    find_terms,
    mentions,
    multi_problem,
    parse_number,
    reply_to_answer,
    terms_in,
    typed_problem,
)
from readiness.interview.session import ask_practice, choose_domains, estimate, parse_domains
from readiness.questionnaire.model import DONT_KNOW, DONT_KNOW_TEXT, Answer, Practice, Questionnaire

FUNDING = (
    "network_des",
    "arrs_budget_use",
    "workforce_development_funding",
    "funded_pcn_time",
    "deprivation_funding",
    "incentives_alignment",
)


@dataclass
class Script:
    """A fake ``ask``: each step is a reply, or a function of the prompt returning one."""

    steps: list[Reply | Callable[[Prompt], Reply] | type[BaseException]]
    prompts: list[Prompt] = field(default_factory=list)

    def __call__(self, prompt: Prompt) -> Reply:
        self.prompts.append(prompt)
        if not self.steps:
            raise AssertionError(f"no reply scripted for {prompt.message!r}: {prompt.intro}")
        step = self.steps.pop(0)
        if isinstance(step, type):  # an exception to raise, as Ctrl-C would
            raise step
        return step(prompt) if callable(step) else step

    def question_ids(self, questionnaire: Questionnaire) -> list[str]:
        """The question each prompt asked, found by its text."""
        by_text = {q.text: q.id for q in questionnaire.questions}
        found = []
        for prompt in self.prompts:
            texts = [p.text for p in prompt.intro if p.style == "question"]
            found.append(by_text.get(texts[0], "?") if texts else "(review)")
        return found


@dataclass
class Saves:
    states: list[InterviewState] = field(default_factory=list)

    def __call__(self, state: InterviewState) -> None:
        self.states.append(state)


def funding(
    questionnaire: Questionnaire, saves: Saves | None = None, **kwargs: object
) -> Interview:
    return Interview(questionnaire, domains=["funding"], on_save=saves, **kwargs)  # type: ignore[arg-type]


def test_asks_in_order_then_reviews_and_returns_answers(questionnaire: Questionnaire) -> None:
    script = Script(["yes", "most", "agree", "partly", "no", "neither", CONFIRM])
    answers = funding(questionnaire).run(script)
    assert list(answers) == list(FUNDING)
    assert answers["arrs_budget_use"] == "most"
    assert script.question_ids(questionnaire)[:6] == list(FUNDING)
    assert script.prompts[-1].table  # the review shows a table of answers


def test_every_answer_is_saved_before_the_next_prompt(questionnaire: Questionnaire) -> None:
    saves = Saves()
    seen_at_prompt: list[int] = []

    def reply(value: str) -> Callable[[Prompt], Reply]:
        def step(prompt: Prompt) -> Reply:
            seen_at_prompt.append(len(saves.states[-1].answers))
            return value

        return step

    funding(questionnaire, saves).run(
        Script(
            [reply("no"), reply("agree"), reply("yes"), reply("partly"), reply("agree"), CONFIRM]
        )
    )
    # At each prompt, the draft already held every answer given before it.
    assert seen_at_prompt == [0, 1, 2, 3, 4]
    assert saves.states[-1].position is None


def test_progress_names_domain_and_counts(questionnaire: Questionnaire) -> None:
    interview = Interview(questionnaire, domains=["funding", "time"])
    interview.record("network_des", "yes")
    question = questionnaire.question("arrs_budget_use")
    assert question is not None
    assert interview.progress(question) == "Funding · question 2 of 6 · 2 of 12 overall"
    headstart = questionnaire.question("headspace")
    assert headstart is not None
    assert interview.progress(headstart) == "Time · question 1 of 6 · 7 of 12 overall"


def test_when_question_switches_on_and_off(questionnaire: Questionnaire) -> None:
    interview = funding(questionnaire)
    interview.record("network_des", "yes")
    assert interview.position == "arrs_budget_use"
    interview.record("arrs_budget_use", "half")
    interview.back()
    interview.back()
    assert interview.position == "network_des"
    interview.record("network_des", "no")
    # The follow-up no longer applies: its answer is dropped and it is skipped.
    assert "arrs_budget_use" not in interview.answers
    assert interview.position == "workforce_development_funding"
    assert "arrs_budget_use" not in [q.id for q in interview.applicable()]


def test_back_preselects_the_earlier_answer(questionnaire: Questionnaire) -> None:
    script = Script(["yes", "all", BACK, lambda p: str(p.default), BACK, BACK, SAVE_AND_QUIT])
    with pytest.raises(InterviewInterrupted):
        funding(questionnaire).run(script)
    back_to_arrs = script.prompts[3]
    assert back_to_arrs.default == "all"
    assert script.prompts[6].default == "yes"  # back at the first question


def test_no_back_on_the_first_question(questionnaire: Questionnaire) -> None:
    prompt = funding(questionnaire).question_prompt(questionnaire.question("network_des"))  # type: ignore[arg-type]
    values = [option.value for option in prompt.choices]
    assert BACK not in values
    assert SAVE_AND_QUIT in values


def test_dont_know_is_stored_as_dont_know(questionnaire: Questionnaire) -> None:
    script = Script(["yes", DONT_KNOW_TEXT, DONT_KNOW_TEXT, "partly", "no", "agree", CONFIRM])
    answers = funding(questionnaire).run(script)
    assert answers["arrs_budget_use"] is DONT_KNOW
    assert answers["workforce_development_funding"] is DONT_KNOW
    flagged = [row.number for row in script.prompts[-1].table if row.flagged]
    assert flagged == [2, 3]


def test_dont_know_only_where_offered(questionnaire: Questionnaire) -> None:
    interview = funding(questionnaire)
    no_dont_know = interview.question_prompt(questionnaire.question("network_des"))  # type: ignore[arg-type]
    with_dont_know = interview.question_prompt(questionnaire.question("funded_pcn_time"))  # type: ignore[arg-type]
    assert DONT_KNOW_TEXT not in [o.value for o in no_dont_know.choices]
    assert DONT_KNOW_TEXT in [o.value for o in with_dont_know.choices]


def test_explain_shows_glossary_then_asks_again(questionnaire: Questionnaire) -> None:
    script = Script([EXPLAIN, "yes", SAVE_AND_QUIT])
    with pytest.raises(InterviewInterrupted):
        funding(questionnaire).run(script)
    notes = [p.text for p in script.prompts[1].intro if p.style == "note"]
    assert any(note.startswith("PCN (Primary care network)") for note in notes)
    assert any(note.startswith("DES ") for note in notes)
    assert script.question_ids(questionnaire)[:2] == ["network_des", "network_des"]


def test_review_change_asks_switched_on_follow_up(questionnaire: Questionnaire) -> None:
    script = Script(
        ["no", "agree", "yes", "partly", "agree", "network_des", "yes", "little", CONFIRM]
    )
    answers = funding(questionnaire).run(script)
    assert answers["network_des"] == "yes"
    assert answers["arrs_budget_use"] == "little"
    asked = script.question_ids(questionnaire)
    assert asked[5:] == ["(review)", "network_des", "arrs_budget_use", "(review)"]
    heading = script.prompts[6].intro[0].text
    assert heading.endswith("changing an answer")


def test_back_while_changing_returns_to_review(questionnaire: Questionnaire) -> None:
    script = Script(["no", "agree", "yes", "partly", "agree", "funded_pcn_time", BACK, CONFIRM])
    answers = funding(questionnaire).run(script)
    assert answers["funded_pcn_time"] == "yes"  # unchanged
    assert script.question_ids(questionnaire)[-1] == "(review)"


def test_ctrl_c_stops_with_partial_answers_saved(questionnaire: Questionnaire) -> None:
    saves = Saves()
    script = Script(["yes", "all", KeyboardInterrupt])
    with pytest.raises(InterviewInterrupted) as stopped:
        funding(questionnaire, saves, resume_hint="run it again").run(script)
    error = stopped.value
    assert error.exit_code == 130
    assert error.answered == 2
    assert error.answers == {"network_des": "yes", "arrs_budget_use": "all"}
    assert "2 answers saved" in error.message
    assert error.hint == "run it again"
    assert saves.states[-1].answers == error.answers
    assert saves.states[-1].position == "workforce_development_funding"


def test_end_of_input_stops_like_ctrl_c(questionnaire: Questionnaire) -> None:
    with pytest.raises(InterviewInterrupted) as stopped:
        funding(questionnaire).run(Script(["no", EOFError]))
    assert stopped.value.answered == 1


def test_save_and_quit_from_the_review(questionnaire: Questionnaire) -> None:
    saves = Saves()
    with pytest.raises(InterviewInterrupted) as stopped:
        funding(questionnaire, saves).run(
            Script(["no", "agree", "yes", "partly", "agree", SAVE_AND_QUIT])
        )
    assert stopped.value.answered == 5
    assert saves.states[-1].position is None


def test_resume_starts_at_saved_position(questionnaire: Questionnaire) -> None:
    interview = funding(questionnaire, answers={"network_des": "no"}, position="funded_pcn_time")
    assert interview.position == "funded_pcn_time"
    stale = funding(questionnaire, answers={"network_des": "no"}, position="arrs_budget_use")
    # The saved position no longer applies: start at the first unanswered question.
    assert stale.position == "workforce_development_funding"


def test_resume_drops_answers_that_no_longer_apply(questionnaire: Questionnaire) -> None:
    interview = funding(
        questionnaire, answers={"network_des": "no", "arrs_budget_use": "all", "headspace": "agree"}
    )
    assert interview.answers == {"network_des": "no"}


def test_number_and_text_questions(questionnaire: Questionnaire) -> None:
    interview = Interview(questionnaire, domains=["workforce", "collaboration"])
    number = questionnaire.question("patients_per_gp")
    note = questionnaire.question("collaboration_notes")
    assert number is not None and note is not None
    prompt = interview.question_prompt(number)
    assert prompt.kind == "text"
    assert "patients per full-time GP" in prompt.message
    assert prompt.validate is not None
    assert prompt.validate("abc") == "Write a number using digits only, for example 2100."
    assert prompt.validate("20000") == "Give a number from 0 to 10,000."
    assert prompt.validate("2,100") is None
    assert reply_to_answer(number, "2,100") == 2100.0
    assert reply_to_answer(number, "dont know") is DONT_KNOW
    assert reply_to_answer(note, "") is None
    assert reply_to_answer(note, "  two spaces\nand a line  ") == "  two spaces\nand a line  "


def test_typed_words_are_actions(questionnaire: Questionnaire) -> None:
    note = questionnaire.question("collaboration_notes")
    number = questionnaire.question("patients_per_gp")
    assert note is not None and number is not None
    assert typed_problem(number, "back", can_go_back=False) is not None
    assert typed_problem(number, "Back", can_go_back=True) is None
    assert typed_problem(note, "dont know", can_go_back=True) is not None  # not offered
    with pytest.raises(InterviewInterrupted):
        Interview(questionnaire, domains=["workforce"], position="patients_per_gp").run(
            Script(["quit"])
        )
    back = Script(["back", SAVE_AND_QUIT])
    with pytest.raises(InterviewInterrupted):
        Interview(questionnaire, domains=["workforce"], position="patients_per_gp").run(back)
    assert back.question_ids(questionnaire) == ["patients_per_gp", "skill_mix_view"]


@pytest.mark.parametrize(
    ("ticked", "problem"),
    [
        ([], "Tick at least one answer"),
        (["none", "paramedic"], '"None of these" cannot be ticked'),
        ([DONT_KNOW_TEXT, "paramedic"], 'Tick "Don\'t know" on its own'),
        ([BACK, "paramedic"], 'Tick "← Back" on its own'),
        (["paramedic", "dietitian"], None),
        (["none"], None),
        ([DONT_KNOW_TEXT], None),
    ],
)
def test_multi_choice_rules(
    questionnaire: Questionnaire, ticked: list[str], problem: str | None
) -> None:
    question = questionnaire.question("other_arrs_roles")
    assert question is not None
    found = multi_problem(question, ticked)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_multi_choice_answers(questionnaire: Questionnaire) -> None:
    question = questionnaire.question("other_arrs_roles")
    assert question is not None
    assert reply_to_answer(question, ["paramedic", "dietitian"]) == ("paramedic", "dietitian")
    assert reply_to_answer(question, [DONT_KNOW_TEXT]) is DONT_KNOW
    interview = Interview(
        questionnaire, domains=["workforce"], answers={"other_arrs_roles": ("paramedic",)}
    )
    prompt = interview.question_prompt(question)
    checked = [option.value for option in prompt.choices if option.checked]
    assert checked == ["paramedic"]


def test_parse_number() -> None:
    assert parse_number(" 1,850 ") == 1850.0
    assert parse_number("12.5") == 12.5
    assert parse_number("nan") is None
    assert parse_number("two") is None


def test_review_rows_mark_gaps(questionnaire: Questionnaire) -> None:
    interview = Interview(
        questionnaire, domains=["collaboration"], answers={"partnership_feasibility": DONT_KNOW}
    )
    rows = {row.question: row for row in interview.review_rows()}
    feasibility = questionnaire.question("partnership_feasibility")
    note = questionnaire.question("collaboration_notes")
    assert feasibility is not None and note is not None
    assert rows[feasibility.text].flagged
    assert rows[feasibility.text].answer == "Don't know"
    assert not rows[note.text].flagged  # an empty note is fine
    assert rows[note.text].answer == "No note"


def test_parse_domains(questionnaire: Questionnaire) -> None:
    assert parse_domains(questionnaire, "time, Funding") == ("funding", "time")
    with pytest.raises(UsageError) as wrong:
        parse_domains(questionnaire, "funding,money")
    assert "'money'" in wrong.value.message
    assert wrong.value.hint is not None and "workforce" in wrong.value.hint


def test_estimate(questionnaire: Questionnaire) -> None:
    count, minutes = estimate(questionnaire, ("funding",))
    assert count == 6
    assert minutes == 2


def test_ask_practice_checks_ods_and_skips_given(questionnaire: Questionnaire) -> None:
    script = Script(["Riverside Surgery", " a81001 ", "", "Practice manager"])
    practice = ask_practice(script, Practice())
    assert practice == Practice("Riverside Surgery", "A81001", None, "Practice manager")
    ods_prompt = script.prompts[1]
    assert ods_prompt.validate is not None
    assert ods_prompt.validate("X123") is not None
    assert ods_prompt.validate("") is None
    only_pcn = Script(["North PCN"])
    given = ask_practice(only_pcn, Practice("A", "A81001", None, "GP"))
    assert given.pcn == "North PCN"
    assert len(only_pcn.prompts) == 1


def test_choose_domains(questionnaire: Questionnaire) -> None:
    assert len(choose_domains(Script(["__all__"]), questionnaire)) == 6
    script = Script([CHOOSE_DOMAINS, ["time", "funding"]])
    assert choose_domains(script, questionnaire) == ("funding", "time")
    check = script.prompts[1].validate
    assert check is not None and check([]) is not None


def test_glossary_terms_in_question(questionnaire: Questionnaire) -> None:
    question = questionnaire.question("system_engagement_time")
    assert question is not None
    found = [term.term for term in terms_in(questionnaire, question)]
    assert {"ICS", "ICB", "Place"} <= set(found)
    assert mentions("Two PCNs met", "PCN")
    assert not mentions("a spcn b", "PCN")
    assert not mentions("the pcn", "PCN")  # acronyms match in capitals only
    assert [t.term for t in find_terms(questionnaire, "icb")] == ["ICB"]
    assert find_terms(questionnaire, "no such thing") == ()


def test_glossary_command() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["glossary"])
    assert listed.exit_code == 0
    for term in ("ARRS", "ICB", "ICS", "PCN", "DES", "INT", "Place"):
        assert f"\n{term}" in f"\n{listed.output}"
    one = runner.invoke(app, ["glossary", "int"])
    assert one.output.startswith("INT (Integrated neighbourhood team)")
    assert "PCN" not in one.output.splitlines()[0]
    missing = runner.invoke(app, ["glossary", "zzz"])
    assert isinstance(missing.exception, UsageError)


# ------------------------------------------------------------------------------ invariants

MOVES = st.lists(
    st.one_of(
        st.just(("back", "")),
        st.tuples(st.just("answer"), st.sampled_from(["yes", "no"])),
        st.tuples(st.just("answer"), st.sampled_from(["all", "little"])),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(moves=MOVES)
def test_answers_only_ever_to_questions_that_apply(
    questionnaire: Questionnaire, moves: list[tuple[str, str]]
) -> None:
    interview = funding(questionnaire)
    for move, value in moves:
        question = interview.current()
        if question is None:
            break
        if move == "back":
            interview.back()
            continue
        choice = value if question.choice(value) else question.choices[0].value
        interview.record(question.id, choice)
        applying = {q.id for q in interview.applicable()}
        assert set(interview.answers) <= applying
        answers: dict[str, Answer] = interview.answers
        if answers.get("network_des") != "yes":
            assert "arrs_budget_use" not in answers
