"""The real command line in a 24×80 pseudo-terminal (pexpect), read as plain text.

One harness for every pty test: it waits for text (escape codes and wrapping
ignored) and sends keys, with ``PROMPT_TOOLKIT_NO_CPR`` and ``NO_COLOR`` set so
that what prompt_toolkit draws can be read back.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from pathlib import Path

import pexpect

TIMEOUT = 20
ENTER = "\r"
DOWN = "\x1b[B"
CTRL_C = "\x03"
CTRL_U = "\x15"
_CURSOR_RIGHT = re.compile(r"\x1b\[(\d*)C")
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]"
    r"|\x1b[=>78]|\r"
)


def strip_ansi(raw: str) -> str:
    """Text as shown: cursor moves right become spaces, every other escape code goes."""
    spaced = _CURSOR_RIGHT.sub(lambda m: " " * int(m.group(1) or 1), raw)
    return _ANSI.sub("", spaced)


class Terminal:
    """``readiness ARGS`` running in a pty, with what it has shown so far."""

    def __init__(self, home: Path, *args: str, **env: str) -> None:
        environment = {
            **os.environ,
            "TERM": "xterm",
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "NO_COLOR": "1",
            "READINESS_HOME": str(home),
            "COLUMNS": "80",
            "LINES": "24",
            **env,
        }
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "readiness", *args],
            env=environment,
            dimensions=(24, 80),
            encoding="utf-8",
            codec_errors="replace",
            timeout=TIMEOUT,
        )
        self.raw = ""
        self.mark = 0

    @property
    def text(self) -> str:
        """What was shown, runs of spaces and line breaks made one space (so a phrase is
        found wherever the screen wrapped it)."""
        return " ".join(strip_ansi(self.raw).split())

    def expect(self, wanted: str, *alternatives: str) -> None:
        """Wait until ``wanted`` (or one of the alternatives) appears after the last thing
        waited for."""
        options = [" ".join(option.split()) for option in (wanted, *alternatives)]
        deadline = time.monotonic() + TIMEOUT
        while True:
            text = self.text
            hits = [(at, option) for option in options if (at := text.find(option, self.mark)) >= 0]
            if hits:
                at, option = min(hits)
                self.mark = at + len(option)
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {' | '.join(options)!r}:\n{text[-1500:]}")
            try:
                self.raw += self.child.read_nonblocking(4096, timeout=0.2)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                if not any(option in self.text[self.mark :] for option in options):
                    raise AssertionError(
                        f"the command ended before {' | '.join(options)!r}:\n{self.text[-1500:]}"
                    ) from None

    def keys(self, wanted: str, keys: str, *, prompt: tuple[str, ...] = ("? ",)) -> None:
        """Wait for ``wanted``, then for the prompt itself, then press ``keys``.

        Waiting for the prompt matters: keys typed before it is up, after a yes/no
        question, are thrown away (as meant for that question).
        """
        self.expect(wanted)
        if prompt:
            self.expect(*prompt)
        self.child.send(keys)

    def answer(self, heading: str, keys: str) -> None:
        """Wait for a question (by its progress heading) and its menu, then press keys."""
        self.keys(heading, keys, prompt=("? Your answer", "? Tick all that apply"))

    def skip_targets(self) -> None:
        """After a domain's last question: the optional target step; carry on without one."""
        self.expect("targets (optional)")
        self.keys("? Set a target?", ENTER, prompt=())

    def finish(self) -> int:
        """Read to the end; the exit status."""
        with contextlib.suppress(pexpect.EOF):
            while True:
                self.raw += self.child.read_nonblocking(4096, timeout=TIMEOUT)
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)


def assess(home: Path, *args: str, **env: str) -> Terminal:
    """``readiness assess ARGS`` in a pty."""
    return Terminal(home, "assess", *args, **env)
