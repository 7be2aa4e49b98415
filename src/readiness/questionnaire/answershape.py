"""A quick check of an answers file's shape, so that a good file needs no pydantic.

``schema.AnswersFileSchema`` is the answers file's shape as users and ``questionnaires
schema`` see it, and what explains a problem, field by field. Importing pydantic and
building that model takes longer than everything else ``assess --answers`` does, so a
file is first checked against the same shape written for msgspec, which imports in a
few milliseconds; only a file that fails is handed to pydantic for the explanation.
A hypothesis test holds the two to accepting exactly the same files.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from msgspec import Meta, Struct


class _Shape(Struct, frozen=True, forbid_unknown_fields=True):
    pass


class _Practice(_Shape, frozen=True):
    name: str | None = None
    ods_code: str | None = None
    pcn: str | None = None
    respondent: str | None = None


class _Target(_Shape, frozen=True):
    answer: Any
    by: Annotated[str, Meta(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] | None = None


class _AnswersFile(_Shape, frozen=True):
    practice: _Practice | None = None
    answers: dict[str, Any] = {}
    notes: dict[str, str] = {}
    targets: dict[str, _Target] = {}
    quick: bool = False


def has_answers_shape(data: object) -> bool:
    """Whether ``data`` (as YAML or JSON gave it) has the shape of an answers file."""
    try:
        msgspec.convert(data, _AnswersFile, strict=True)
    except msgspec.ValidationError:
        return False
    return True
