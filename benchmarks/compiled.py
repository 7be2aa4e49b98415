"""Time readiness as it runs once installed: compiled to bytecode.

pip compiles a package when it installs it, so a user never waits for Python to
compile readiness's source. A machine that sets PYTHONDONTWRITEBYTECODE (this
reference machine does) would otherwise time the compiler on every run: about
90 ms of `readiness report`. Each benchmark calls ``use_compiled_code()`` first.
"""

from __future__ import annotations

import compileall
import os
from pathlib import Path

import readiness


def use_compiled_code() -> None:
    """Compile readiness, and let the commands the benchmark starts use the bytecode."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(Path(readiness.__file__).parent, quiet=1)
