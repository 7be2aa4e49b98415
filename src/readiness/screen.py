"""The one console for people: every text shown is made safe and fits the console's encoding.

``SafeConsole`` is a rich console that never reads markup in strings (a domain
called ``[link=http://…]x[/link]`` prints as written) and, before laying any
text out, passes it through ``textsafe.visible`` (control and bidi characters
become visible escapes) and, on a console that cannot show every character
(a cp1252 or ASCII console), through ``textsafe.fit_encoding`` ("█" becomes
"#", "—" becomes "--"). So the renderers write text and Unicode glyphs as they
are, and this is the one place that decides what reaches the screen.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from readiness import textsafe


@functools.cache
def _changer(encoding: str) -> Callable[[str], str]:
    fit = textsafe.fitter(encoding)
    if fit is None:
        return textsafe.visible
    return lambda text: fit(textsafe.visible(text))


def _needs_change(text: str, encoding: str) -> bool:
    if not textsafe.is_visible(text):
        return True
    return not text.isascii() and textsafe.fitter(encoding) is not None


def safe_text(text: Text, change: Callable[[str], str]) -> Text:
    """A copy of ``text`` with ``change`` applied to its characters, keeping every style."""
    plain = text.plain
    spans = text.spans
    cuts = sorted({0, len(plain), *(s.start for s in spans), *(s.end for s in spans)})
    changed = text.blank_copy()
    for start, end in pairwise(cuts):
        if start >= len(plain):
            break
        offset = len(changed)
        changed.append(change(plain[start:end]))
        for span in spans:
            if span.start <= start and span.end >= end:
                changed.stylize(span.style, offset, len(changed))
    return changed


class SafeConsole(Console):
    """A rich console that shows data safely (see the module's docstring)."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("highlight", False)
        options.setdefault("emoji", False)
        options["markup"] = False
        super().__init__(**options)

    def _safe(self, text: Text) -> Text:
        encoding = self.encoding
        if not _needs_change(text.plain, encoding):
            return text
        return safe_text(text, _changer(encoding))

    def render_str(self, text: str, **options: Any) -> Text:
        """A string is always plain text, never markup."""
        options["markup"] = False
        return self._safe(super().render_str(text, **options))

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        if isinstance(renderable, Text):
            renderable = self._safe(renderable)
        return super().render(renderable, options)


def fit_for(console: Console) -> Callable[[str], str]:
    """Make one line of text safe for ``console`` and its encoding (for prompt_toolkit,
    which does not print through rich)."""
    change = _changer(console.encoding)
    return lambda text: change(textsafe.visible(text, one_line=True))
