"""The quick check: the questionnaire cut to its ``quick: true`` questions.

One to three questions per domain carry the most weight; a busy partner
answers those in about five minutes. A quick question that depends on an
earlier answer (``when``) keeps the question it depends on, even if that one is
not marked quick: without it the follow-up could never apply. The domains,
bands, survey figures and content hash stay those of the full questionnaire,
so a quick result names the questionnaire it was cut from and is scored by the
same rules, on fewer questions.
"""

from __future__ import annotations

import functools

from msgspec.structs import replace

from readiness.questionnaire import conditions
from readiness.questionnaire.model import Questionnaire


@functools.lru_cache(maxsize=8)
def quick_check(questionnaire: Questionnaire) -> Questionnaire:
    """Only the quick questions (and those their conditions need), in asking order."""
    wanted = quick_ids(questionnaire)
    domains = tuple(
        replace(domain, questions=kept)
        for domain in questionnaire.domains
        if (kept := tuple(q for q in domain.questions if q.id in wanted))
    )
    return replace(questionnaire, domains=domains)


def quick_ids(questionnaire: Questionnaire) -> frozenset[str]:
    wanted = {question.id for question in questionnaire.questions if question.quick}
    pending = list(wanted)
    while pending:
        question = questionnaire.question(pending.pop())
        if question is None or question.when is None:
            continue
        for comparison in conditions.comparisons(conditions.parse(question.when)):
            if comparison.name not in wanted:
                wanted.add(comparison.name)
                pending.append(comparison.name)
    return frozenset(wanted)


def has_quick_check(questionnaire: Questionnaire) -> bool:
    return any(question.quick for question in questionnaire.questions)
