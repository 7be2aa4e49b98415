"""The one console for people: every text shown is made safe and fits the console's encoding.

``SafeConsole`` is a rich console that never reads markup in strings (a domain
called ``[link=http://…]x[/link]`` prints as written) and, before laying any
text out, passes it through ``textsafe.visible`` (control and bidi characters
become visible escapes) and, on a console that cannot show every character
(a cp1252 or ASCII console), through ``textsafe.fit_encoding`` ("█" becomes
"#", "—" becomes "--"), and tables are drawn in ASCII. So the renderers write
text and Unicode glyphs as they are, and this is the one place that decides
what reaches the screen.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any

from rich.box import Box
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.table import Table
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


@functools.cache
def ascii_box(box: Box) -> Box:
    """The same box drawn in ASCII: rich's own fallback draws every table as a full grid."""
    lines = str(box).translate(_BOX_ASCII)
    drawn = "".join(char if char.isascii() else "+" for char in lines)
    return Box(drawn, ascii=True)


_BOX_ASCII = str.maketrans(dict.fromkeys("─━═╌╍┄┅", "-") | dict.fromkeys("│┃║╎╏┆┇", "|"))


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

    def _ascii_only(self, table: Table) -> bool:
        """True for a table drawn with lines this console cannot show."""
        if table.box is None or table.box.ascii:
            return False
        return textsafe.fitter(self.encoding) is not None

    def render_str(self, text: str, **options: Any) -> Text:
        """A string is always plain text, never markup."""
        options["markup"] = False
        return self._safe(super().render_str(text, **options))

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        if isinstance(renderable, Text):
            renderable = self._safe(renderable)
        elif isinstance(renderable, Table) and self._ascii_only(renderable):
            renderable = copy.copy(renderable)
            renderable.box = ascii_box(renderable.box)
        return super().render(renderable, options)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        """The text to write, fitted once more: rich adds "…" itself where it cuts a
        long word to a column, after the text was fitted."""
        text = super()._render_buffer(buffer)
        fit = textsafe.fitter(self.encoding)
        return text if fit is None else fit(text)


def fit_for(console: Console) -> Callable[[str], str]:
    """Make one line of text safe for ``console`` and its encoding (for prompt_toolkit,
    which does not print through rich)."""
    change = _changer(console.encoding)
    return lambda text: change(textsafe.visible(text, one_line=True))
