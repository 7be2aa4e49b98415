"""Action plans: changes with dated history, the store (atomic, locked, damaged files set
aside), the editor through a scripted ask, exports, and progress over three assessments."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import factory
from helpers.cli import run
from readiness.errors import InterviewInterrupted, InvalidFileError, UsageError
from readiness.interview.planning import ADD_OWN, ADD_SUGGESTED, NO_QUESTION, PlanEditor
from readiness.interview.prompt import BACK, CONFIRM, Prompt, Reply
from readiness.months import MONTH_HINT
from readiness.plans import changes
from readiness.plans import store as plans
from readiness.plans.records import Plan
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import AnswerSet, Practice, Questionnaire, Target
from readiness.results import store
from readiness.results.history import latest_earlier
from readiness.results.record import ResultFile, build_result

ALPHA = factory.ALPHA.replace(
    '    evidence: {source: 000.txt, finding: "75% not confident"}\n',
    '    evidence: {source: 000.txt, finding: "75% not confident"}\n'
    "    recommendations: [Book a PCN induction for the partners.]\n",
)
PRACTICE = Practice("Riverside Surgery", "A81001", "Valley PCN", "Practice manager")


@pytest.fixture
def tiny(tmp_path: Path) -> Questionnaire:
    return load_questionnaire(factory.write(tmp_path / "q", alpha=ALPHA))


def assess(
    tiny: Questionnaire, when: str, targets: dict[str, Target] | None = None, **answers: object
) -> ResultFile:
    result = build_result(
        questionnaire=tiny,
        answer_set=AnswerSet(PRACTICE, answers, {}, targets or {}),  # type: ignore[arg-type]
        created_at=when,
    )
    store.save_result(result)
    return result


class Script:
    def __init__(self, *steps: Reply | Callable[[Prompt], Reply] | type[BaseException]) -> None:
        self.steps = list(steps)
        self.prompts: list[Prompt] = []

    def __call__(self, prompt: Prompt) -> Reply:
        self.prompts.append(prompt)
        step = self.steps.pop(0)
        if isinstance(step, type):  # an exception to raise, as Ctrl-C would
            raise step
        return step(prompt) if callable(step) else step


def first_suggestion(prompt: Prompt) -> Reply:
    return prompt.choices[0].value


# ------------------------------------------------------------------ changes and the store


def test_status_changes_are_dated_and_a_past_due_month_is_flagged(tiny: Questionnaire) -> None:
    result = assess(tiny, "2026-01-15T10:30:00Z", has_pharmacist="no")
    plan = changes.add_step(
        changes.new_plan(result), text="Recruit", owner="PM", due="2025-11", on="2026-01-15"
    )
    assert changes.due_warning("2025-11", on="2026-01-15") is not None
    assert "November 2025" in (changes.due_warning("2025-11", on="2026-01-15") or "")
    assert changes.due_warning("2026-01", on="2026-01-15") is None
    plan = changes.set_status(plan, "s1", "doing", on="2026-02-01")
    plan = changes.set_status(plan, "s1", "done", on="2026-03-01")
    step = plan.steps[0]
    assert [(c.status, c.on) for c in step.history] == [
        ("planned", "2026-01-15"),
        ("doing", "2026-02-01"),
        ("done", "2026-03-01"),
    ]
    with pytest.raises(UsageError, match="not a month"):
        changes.add_step(plan, text="x", owner="y", due="March")
    with pytest.raises(UsageError, match="not a status"):
        changes.set_status(plan, "s1", "finished")


def test_the_plan_is_kept_beside_the_results_and_not_read_as_one(tiny: Questionnaire) -> None:
    result = assess(tiny, "2026-01-15T10:30:00Z", has_pharmacist="no")
    plan = changes.add_step(changes.new_plan(result), text="Recruit", owner="PM", due="2026-09")
    path = plans.save_plan(plan)
    assert path.parent == store.results_dir() and path.name == "a81001.plan.json"
    assert path not in store.result_files()
    assert plans.load_plan(plan.practice).plan == plan


def test_a_plan_edited_into_a_bad_shape_is_set_aside(tiny: Questionnaire) -> None:
    result = assess(tiny, "2026-01-15T10:30:00Z", has_pharmacist="no")
    plan = changes.add_step(changes.new_plan(result), text="Recruit", owner="PM", due="2026-09")
    path = plans.save_plan(plan)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["steps"][0]["status"] = "finished"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = plans.load_plan(plan.practice)
    assert loaded.plan is None and loaded.set_aside is not None
    assert loaded.set_aside.moved_to is not None and loaded.set_aside.moved_to.exists()
    assert "status" in loaded.set_aside.warning() and "moved aside" in loaded.set_aside.warning()
    assert not path.exists()


def test_a_bad_plan_file_is_explained_at_its_line(tiny: Questionnaire) -> None:
    result = assess(tiny, "2026-01-15T10:30:00Z", has_pharmacist="no")
    plan = changes.add_step(changes.new_plan(result), text="Recruit", owner="PM", due="2026-09")
    path = plans.save_plan(plan)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["steps"][0]["due"] = "September"
    text = json.dumps(data, indent=2)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFileError) as caught:
        plans.read_plan(path)
    problem = caught.value.problems[0]
    assert problem.message == f"steps.0.due: write {MONTH_HINT}"
    assert problem.line is not None
    assert text.splitlines()[problem.line - 1].strip() == '"due": "September",'


def test_a_second_edit_at_once_is_refused(tiny: Questionnaire) -> None:
    result = assess(tiny, "2026-01-15T10:30:00Z", has_pharmacist="no")
    plan = changes.new_plan(result)
    held = plans.editing(plan.practice)
    with held, pytest.raises(store.Locked, match="another window"), plans.editing(plan.practice):
        pass
    with plans.editing(plan.practice):  # free again once the first edit is over
        pass


def test_a_lock_left_by_an_ended_process_is_taken_over(tiny: Questionnaire) -> None:
    result = assess(tiny, "2026-01-15T10:30:00Z", has_pharmacist="no")
    plan = changes.new_plan(result)
    lock = plans.plan_path(plan.practice).with_name("a81001.plan.json.lock")
    lock.write_text("999999999\n", encoding="ascii")
    with plans.editing(plan.practice):
        pass
    assert not lock.exists()


# ------------------------------------------------------------------ the editor


def test_the_editor_picks_two_steps_and_saves_after_each(tiny: Questionnaire) -> None:
    result = assess(tiny, "2026-01-15T10:30:00Z", has_pharmacist="no", confidence="none")
    saved: list[Plan] = []
    script = Script(
        ADD_SUGGESTED, first_suggestion, "Practice manager", "2026-09",
        ADD_SUGGESTED, first_suggestion, "Dr Shah", "2025-06",
        ADD_OWN, "back",  # Back while writing a step: nothing added
        CONFIRM,
    )  # fmt: skip
    editor = PlanEditor(
        plan=changes.new_plan(result), result=result, on_save=saved.append, today="2026-01-15"
    )
    plan = editor.run(script)
    assert [(s.text, s.owner, s.due, s.suggested) for s in plan.steps] == [
        ("Recruit one through ARRS.", "Practice manager", "2026-09", True),
        ("Book a PCN induction for the partners.", "Dr Shah", "2025-06", True),
    ]
    assert len(saved) == 2 and saved[-1] == plan
    # The past due month was allowed, and flagged on the next screen.
    warnings = [p.text for p in script.prompts[-3].intro if p.style == "warning"]
    assert any("June 2025" in w and "already passed" in w for w in warnings)


def test_ctrl_c_in_the_editor_stops_with_the_plan_saved(tiny: Questionnaire) -> None:
    result = assess(tiny, "2026-01-15T10:30:00Z", has_pharmacist="no")
    saved: list[Plan] = []
    script = Script(ADD_OWN, "Protected time", NO_QUESTION, "PM", "2026-05", KeyboardInterrupt)
    editor = PlanEditor(
        plan=changes.new_plan(result), result=result, on_save=saved.append, today="2026-01-15"
    )
    with pytest.raises(InterviewInterrupted, match="plan is saved"):
        editor.run(script)
    assert saved[-1].steps[0].text == "Protected time" and saved[-1].steps[0].question is None


def test_the_editor_changes_status_and_goes_back(tiny: Questionnaire) -> None:
    result = assess(tiny, "2026-01-15T10:30:00Z", has_pharmacist="no")
    plan = changes.add_step(
        changes.new_plan(result), text="Recruit", owner="PM", due="2026-09", on="2026-01-15"
    )
    script = Script("s1", BACK, "s1", "status:done", CONFIRM)
    done = PlanEditor(plan=plan, result=result, on_save=lambda _p: None, today="2026-02-01").run(
        script
    )
    assert done.steps[0].status == "done"
    assert done.steps[0].history[-1].on == "2026-02-01"


# ------------------------------------------------------------------ commands and exports


def test_plan_show_and_export_in_every_format(
    tiny: Questionnaire,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = assess(tiny, "2026-01-15T10:30:00Z", has_pharmacist="no", confidence="none")
    plan = changes.new_plan(result)
    plan = changes.add_step(plan, text="Later step", owner="PM", due="2026-12", impact=0.5)
    plan = changes.add_step(plan, text="=Sooner step", owner="GP", due="2026-03", impact=0.2)
    plan = changes.add_step(
        plan, text="Same month, more impact", owner="GP", due="2026-03", impact=0.9
    )
    plans.save_plan(plan)
    code, out, _err = run(capsys, monkeypatch, "plan")
    assert code == 0 and "Later step" in out and "0 of 3 steps done" in out
    order = ["Same month, more impact", "=Sooner step", "Later step"]
    for suffix in ("csv", "md", "html", "xlsx"):
        target = tmp_path / f"plan.{suffix}"
        code, _out, err = run(capsys, monkeypatch, "plan", "export", "--out", str(target))
        assert code == 0, err
    rows = list(csv.reader(io.StringIO(target.with_suffix(".csv").read_text("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == [
        "Same month, more impact",
        "'=Sooner step",
        "Later step",
    ]
    markdown = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert [markdown.index(text.lstrip("=")) for text in order] == sorted(
        markdown.index(text.lstrip("=")) for text in order
    )
    assert "March 2026" in (tmp_path / "plan.html").read_text(encoding="utf-8")
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "plan.xlsx").active
    assert [sheet.cell(row=r, column=2).value for r in (4, 5, 6)] == [
        "Same month, more impact",
        "'=Sooner step",
        "Later step",
    ]
    code, _out, err = run(capsys, monkeypatch, "plan", "export", "--out", str(tmp_path / "p.pdf"))
    assert code == 2 and "PDF" in err


def test_plan_without_a_saved_assessment_says_what_to_do(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _out, err = run(capsys, monkeypatch, "plan")
    assert code == 1 and "readiness assess" in err


# ------------------------------------------------------------------ progress


def test_progress_over_three_assessments_with_a_plan_in_between(
    tiny: Questionnaire, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = assess(
        tiny,
        "2026-01-15T10:30:00Z",
        targets={"confidence": Target("some", "2026-06")},
        has_pharmacist="no",
        confidence="none",
    )
    plan = changes.new_plan(first)
    plan = changes.add_step(
        plan, text="Recruit one through ARRS.", owner="PM", due="2026-05",
        question="has_pharmacist", question_text="Do you have a clinical pharmacist?",
        suggested=True, on="2026-01-15",
    )  # fmt: skip
    plan = changes.add_step(
        plan, text="Coaching for partners", owner="Dr Shah", due="2026-03",
        question="confidence", question_text="How confident are you?", on="2026-01-15",
    )  # fmt: skip
    plan = changes.set_status(plan, "s1", "done", on="2026-04-20")
    plans.save_plan(plan)

    second = assess(tiny, "2026-07-01T09:00:00Z", has_pharmacist="yes", confidence="none")
    earlier = latest_earlier(second, store.result_files())
    assert earlier is not None and earlier.created_at == first.created_at
    found = plans.progress_since(earlier, second)
    assert found is not None
    sentences = [item.sentence() for item in found.steps]
    assert sentences[0] == (
        "Recruit one through ARRS. (owner: PM, due 2026-05), done; answer went from No to Yes"
    )
    assert sentences[1] == (
        "Coaching for partners (owner: Dr Shah, due 2026-03), planned (overdue); "
        "answer unchanged (Not at all)"
    )
    assert found.overdue == 1 and found.done == (1, 2)
    assert [t.sentence() for t in found.targets] == [
        "Target missed: How confident are you? (aimed for “Somewhat” by June 2026; "
        "now “Not at all”)"
    ]

    plans.save_plan(changes.set_status(plan, "s2", "done", on="2026-09-01"))
    third = assess(tiny, "2026-12-01T09:00:00Z", has_pharmacist="yes", confidence="some")
    found = plans.progress_since(latest_earlier(third, store.result_files()), third)
    assert found is not None and found.overdue == 0 and found.done == (2, 2)
    assert found.steps[1].sentence().endswith("done; answer went from Not at all to Somewhat")
    assert found.targets == ()  # the second assessment set no targets

    # The report opens with it, in every format.
    saved = sorted(store.result_files())[-1]
    code, out, _err = run(capsys, monkeypatch, "report", str(saved))
    assert code == 0
    assert out.index("Since last time") < out.index("Alpha")
    assert "2 of 2 planned steps done" in out
    for fmt in ("md", "html"):
        code, out, _err = run(capsys, monkeypatch, "report", str(saved), "--format", fmt)
        assert "Since last time" in out and "Coaching for partners" in out


def test_history_has_a_column_for_the_plan(
    tiny: Questionnaire, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = assess(tiny, "2026-01-15T10:30:00Z", has_pharmacist="no")
    plan = changes.add_step(changes.new_plan(first), text="A", owner="PM", due="2026-05")
    plan = changes.add_step(plan, text="B", owner="PM", due="2026-05")
    plans.save_plan(changes.set_status(plan, "s1", "done"))
    code, out, _err = run(capsys, monkeypatch, "history")
    assert code == 0 and "Plan" in out and "1/2" in out


def test_plan_exports_make_hostile_text_safe(tiny: Questionnaire) -> None:
    from readiness.report import render_plan

    result = assess(tiny, "2026-01-15T10:30:00Z", has_pharmacist="no")
    hostile = '=HYPERLINK("x")\x1b[2J <script>|'
    plan = changes.add_step(changes.new_plan(result), text=hostile, owner=hostile, due="2026-09")
    csv_text = render_plan(plan, "csv", on="2026-01-15").decode("utf-8-sig")
    row = next(csv.reader(io.StringIO(csv_text.splitlines()[1])))
    assert row[1].startswith("'=") and row[2].startswith("'=") and "\x1b" not in csv_text
    html = render_plan(plan, "html", on="2026-01-15").decode("utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html and "\x1b" not in html
    markdown = render_plan(plan, "md", on="2026-01-15").decode("utf-8")
    assert "\x1b" not in markdown and "\\<script\\>" in markdown and "\\|" in markdown
