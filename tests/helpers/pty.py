"""The real ``readiness assess`` in a pseudo-terminal (pexpect), read as plain text."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pexpect

TIMEOUT = 20
ENTER = "\r"
_CURSOR_RIGHT = re.compile(r"\x1b\[(\d*)C")
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]"
    r"|\x1b[=>78]|\r"
)


class Terminal:
    """The command running in a 24×80 pty, with what it has shown so far."""

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
            ["-m", "readiness", "assess", *args],
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
        spaced = _CURSOR_RIGHT.sub(lambda m: " " * int(m.group(1) or 1), self.raw)
        return " ".join(_ANSI.sub("", spaced).split())

    def expect(self, wanted: str) -> None:
        """Wait until ``wanted`` appears after the last thing waited for."""
        wanted = " ".join(wanted.split())
        deadline = time.monotonic() + TIMEOUT
        while (found := self.text.find(wanted, self.mark)) < 0:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"never saw {wanted!r}; the screen ended:\n{self.text[-1500:]}"
                )
            try:
                self.raw += self.child.read_nonblocking(4096, timeout=0.2)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                if wanted not in self.text[self.mark :]:
                    raise AssertionError(f"ended before {wanted!r}:\n{self.text[-1500:]}") from None
        self.mark = found + len(wanted)

    def finish(self) -> int:
        """Read to the end; the exit status."""
        try:
            while True:
                self.raw += self.child.read_nonblocking(4096, timeout=TIMEOUT)
        except pexpect.EOF:
            pass
        self.child.close()
        status: int = self.child.exitstatus
        return status
