"""The one jinja2 environment the HTML reports share: autoescaping on, templates compiled once."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2


@functools.cache
def environment() -> jinja2.Environment:
    """Templates from ``readiness/report/templates``; every value is HTML-escaped (and its
    control characters made visible first)."""
    import jinja2  # here, not at the top: only HTML exports need it

    from readiness.textsafe import html_text

    return jinja2.Environment(
        # Control and bidi characters in text become visible escapes, then autoescape runs.
        finalize=html_text,
        loader=jinja2.PackageLoader("readiness.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
