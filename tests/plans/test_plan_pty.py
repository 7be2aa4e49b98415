"""End to end in a pseudo-terminal: a note and a target in the interview, then two steps
picked in 'readiness plan edit', Ctrl-C, and the plan carried on with."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from helpers import factory
from helpers.pty import Terminal

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty"),
]

ENTER = "\r"
UP = "\x1b[A"
CTRL_C = "\x03"
CTRL_U = "\x15"
ALPHA = factory.ALPHA.replace(
    '    evidence: {source: 000.txt, finding: "75% not confident"}\n',
    '    evidence: {source: 000.txt, finding: "75% not confident"}\n'
    "    recommendations: [Book a PCN induction for the partners.]\n",
)


def test_note_target_two_steps_ctrl_c_and_resume(tmp_path: Path) -> None:
    folder = factory.write(tmp_path / "tiny", alpha=ALPHA)
    home = tmp_path / "home"
    practice = ["--practice", "Riverside", "--ods", "A81001", "--pcn", "North PCN"]
    assess = Terminal(
        home, "assess", "--questionnaire", str(folder), "--domains", "alpha", *practice,
        "--respondent", "Practice manager",
    )  # fmt: skip
    assess.keys("Alpha · question 1 of", "n" + ENTER)
    assess.keys("A note on:", "ARRS plan seen at the PCN board, March" + ENTER)
    assess.keys("Your note: ARRS plan seen at the PCN board, March", "2" + ENTER)  # No
    assess.keys("Alpha · question 2 of", "1" + ENTER)  # Not at all
    assess.keys("Alpha · targets (optional)", UP + UP + ENTER)
    assess.keys("Target for:", ENTER)  # Yes
    assess.keys("Target for:", CTRL_U + "2027-03" + ENTER)
    assess.keys("targets (optional)", ENTER)  # carry on
    assess.keys("Check your answers", ENTER)
    assess.expect("Result saved to")
    assess.expect("readiness plan edit")
    assert assess.finish() == 0
    (saved,) = [p for p in (home / "results").glob("*.json") if not p.name.endswith(".plan.json")]
    result = json.loads(saved.read_text(encoding="utf-8"))
    assert result["notes"] == {"has_pharmacist": "ARRS plan seen at the PCN board, March"}
    assert result["targets"]["has_pharmacist"]["by"] == "2027-03"

    edit = Terminal(home, "plan", "edit")
    edit.keys("Action plan for Riverside", ENTER)
    edit.keys("Suggested next steps", ENTER)  # the first: most impact
    edit.keys("Who will see it done", "Practice manager" + ENTER)
    edit.keys("The month it should be done by", ENTER)  # a year ahead
    edit.keys("Action plan for Riverside", UP * 3 + ENTER)
    edit.keys("Suggested next steps", ENTER)
    edit.keys("Who will see it done", "Dr Shah" + ENTER)
    edit.keys("The month it should be done by", CTRL_U + "2025-01" + ENTER)
    edit.keys("January 2025, has already passed", CTRL_C)
    edit.expect("Stopped: your plan is saved (2 steps).")
    edit.expect("readiness plan edit")
    assert edit.finish() == 130
    plan = json.loads((home / "results" / "a81001.plan.json").read_text(encoding="utf-8"))
    assert [(s["owner"], s["status"]) for s in plan["steps"]] == [
        ("Practice manager", "planned"),
        ("Dr Shah", "planned"),
    ]
    assert not (home / "results" / "a81001.plan.json.lock").exists()

    again = Terminal(home, "plan", "edit")
    again.expect("1. Recruit one through ARRS.")
    again.expect("2. Book a PCN induction for the partners.")
    again.expect("What next?")
    again.child.send(ENTER)  # Finished
    again.expect("Plan saved.")
    assert again.finish() == 0
