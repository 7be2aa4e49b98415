"""End to end in a pseudo-terminal: a note and a target in the interview, then two steps
picked in 'readiness plan edit', Ctrl-C, and the plan carried on with."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import time
from pathlib import Path

import pytest

from helpers import factory

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty"),
]

TIMEOUT = 15
ENTER = "\r"
UP = "\x1b[A"
CTRL_C = "\x03"
CTRL_U = "\x15"
ALPHA = factory.ALPHA.replace(
    '    evidence: {source: 000.txt, finding: "75% not confident"}\n',
    '    evidence: {source: 000.txt, finding: "75% not confident"}\n'
    "    recommendations: [Book a PCN induction for the partners.]\n",
)
ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]"
    r"|\x1b[=>78]|\r"
)


class Screen:
    """``readiness ARGS`` in a 24×80 pty; waits for text, sends keys."""

    def __init__(self, home: Path, *args: str) -> None:
        env = {
            **os.environ,
            "TERM": "xterm",
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "NO_COLOR": "1",
            "READINESS_HOME": str(home),
            "COLUMNS": "80",
            "LINES": "24",
        }
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "readiness", *args],
            env=env,
            dimensions=(24, 80),
            encoding="utf-8",
            codec_errors="replace",
            timeout=TIMEOUT,
        )
        self.raw = ""
        self.mark = 0

    @property
    def text(self) -> str:
        spaced = re.sub(r"\x1b\[(\d*)C", lambda m: " " * int(m.group(1) or 1), self.raw)
        return " ".join(ANSI.sub("", spaced).split())

    def expect(self, wanted: str) -> None:
        wanted = " ".join(wanted.split())
        deadline = time.monotonic() + TIMEOUT
        while (found := self.text.find(wanted, self.mark)) < 0:
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {wanted!r}:\n{self.text[-1500:]}")
            try:
                self.raw += self.child.read_nonblocking(4096, timeout=0.2)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                if wanted not in self.text[self.mark :]:
                    raise AssertionError(f"ended before {wanted!r}:\n{self.text[-1500:]}") from None
        self.mark = found + len(wanted)

    def keys(self, wanted: str, keys: str) -> None:
        self.expect(wanted)
        self.expect("? ")
        self.child.send(keys)

    def finish(self) -> int:
        with contextlib.suppress(pexpect.EOF):
            self.raw += self.child.read()
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)


def test_note_target_two_steps_ctrl_c_and_resume(tmp_path: Path) -> None:
    folder = factory.write(tmp_path / "tiny", alpha=ALPHA)
    home = tmp_path / "home"
    practice = ["--practice", "Riverside", "--ods", "A81001", "--pcn", "North PCN"]
    assess = Screen(
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

    edit = Screen(home, "plan", "edit")
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

    again = Screen(home, "plan", "edit")
    again.expect("1. Recruit one through ARRS.")
    again.expect("2. Book a PCN induction for the partners.")
    again.expect("What next?")
    again.child.send(ENTER)  # Finished
    again.expect("Plan saved.")
    assert again.finish() == 0
