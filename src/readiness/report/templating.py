"""The one jinja2 environment the HTML reports share: autoescaping on, templates compiled once."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2


@functools.cache
def environment() -> jinja2.Environment:
    """Templates from ``readiness/report/templates``; every value is HTML-escaped."""
    import jinja2  # here, not at the top: only HTML exports need it

    return jinja2.Environment(
        loader=jinja2.PackageLoader("readiness.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
