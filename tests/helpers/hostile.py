"""Run the real command in a child process, with a time limit, for hostile-input tests.

A child process, not the in-process runner: a file that makes readiness block must
fail the test (``subprocess.TimeoutExpired``), not hang the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

LIMIT_SECONDS = 60


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    def assert_clean(self, *, code: int, names: str | Path | None = None) -> None:
        """The exit code, no traceback, and (when given) the message names the file."""
        assert self.code == code, (self.code, self.out, self.err)
        assert "Traceback" not in self.out + self.err
        assert "something went wrong inside readiness" not in self.err
        if names is not None:
            assert str(names) in " ".join((self.out + self.err).split()), self.err


def readiness(home: Path, *args: str | Path, extra_env: dict[str, str] | None = None) -> Outcome:
    """``readiness ARGS`` with READINESS_HOME set to ``home``; stdin is empty."""
    env = {**os.environ, "READINESS_HOME": str(home), "COLUMNS": "200", "NO_COLOR": "1"}
    env.update(extra_env or {})
    done = subprocess.run(
        [sys.executable, "-m", "readiness", *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        timeout=LIMIT_SECONDS,
        check=False,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file in ``folder`` and its bytes: to show that nothing was lost."""
    if not folder.is_dir():
        return {}
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.is_file() and not path.is_symlink()
    }
