"""What results are compared on: one questionnaire as it is, several on the questions they share."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import TypeAlias

from msgspec import Struct, field
from msgspec.structs import replace

from readiness.errors import ReadinessError
from readiness.network.records import ID, Cell
from readiness.questionnaire.model import Band
from readiness.results.fast import UNANSWERED, DomainInfo, QuestionKey, QuestionList, Scanned
from readiness.results.identity import time_key
from readiness.scoring import band_index, has_enough_answers, overall_score, weighted_mean

QuestionSource: TypeAlias = Callable[[Sequence[Scanned]], Mapping[int, QuestionList]]


class Basis(Struct, frozen=True):
    """What the results are compared on: domains, bands, and the questions they share."""

    items: tuple[Scanned, ...]  # the results compared
    domains: tuple[DomainInfo, ...]
    bands: tuple[Band, ...]
    questionnaires: tuple[str, ...]
    notes: tuple[str, ...]
    # Set only when the results must be scored again on the questions they share: each
    # result's questions, and per question list the positions of each domain's shared ones.
    questions: Mapping[int, QuestionList] = field(default_factory=dict)
    shared: Mapping[tuple[QuestionKey, ...], tuple[tuple[int, ...], ...]] = field(
        default_factory=dict
    )
    shared_questions: frozenset[str] | None = None  # None: every question

    @property
    def is_rescored(self) -> bool:
        return bool(self.shared)

    @property
    def domain_ids(self) -> tuple[str, ...]:
        return tuple(info.id for info in self.domains)


class LeftOut(Struct, frozen=True):
    """A valid result that cannot be compared with the rest, and why (in words)."""

    item: Scanned
    reason: str


def comparable(items: Sequence[Scanned]) -> tuple[list[Scanned], list[LeftOut]]:
    """The results that can be compared together, and the ones left out with the reason.

    One bad file must not block a comparison: a result with no domain scores is left
    out, and so is one whose questionnaire shares no domain with the rest. The rest are
    the results of the most used questionnaire (the newest, on a tie) and every other
    result that still leaves a domain they all share. ``items`` keep their order.
    """
    left: list[LeftOut] = [
        LeftOut(item, "it has no domain scores") for item in items if not item.domains
    ]
    scored = [item for item in items if item.domains]
    if not scored:
        return [], left
    newest_first = sorted(scored, key=lambda i: (time_key(i.created_at), i.number), reverse=True)
    uses = Counter(item.questionnaire.id for item in scored)
    latest = {}
    for item in reversed(newest_first):
        latest[item.questionnaire.id] = time_key(item.created_at)
    main = max(uses, key=lambda qid: (uses[qid], latest[qid]))
    common: set[str] | None = None
    kept: set[int] = set()
    # The main questionnaire's results first (sorting is stable: newest first within each).
    for item in sorted(newest_first, key=lambda i: i.questionnaire.id != main):
        ids = {domain.id for domain in item.domains}
        if common is None or common & ids:
            common = ids if common is None else common & ids
            kept.add(item.number)
        else:
            reason = (
                f"it was made with {item.questionnaire.label()}, which has no domain in "
                "common with the other results"
            )
            left.append(LeftOut(item, reason))
    return [item for item in scored if item.number in kept], left


def basis_for(items: Sequence[Scanned], read: QuestionSource) -> Basis:
    """One questionnaire: as they are. Several: on what they share, reading their questions.

    ``items`` are oldest first; so are ``Basis.items``.
    """
    newest = items[-1]
    versions = sorted({(item.questionnaire.title, item.questionnaire.version) for item in items})
    questionnaires = tuple(f"{title} {version}" for title, version in versions)
    bands = tuple(Band(*band) for band in newest.bands)
    notes = _band_note(items, newest)
    domain_lists = {tuple(map(ID, item.domains)) for item in items}
    plain = Basis(
        tuple(items),
        tuple(DomainInfo(d.id, d.title) for d in newest.domains),
        bands,
        questionnaires,
        tuple(notes),
    )
    # A quick check asks fewer questions: set beside full results, both are scored
    # again on the questions they share, as for different questionnaires.
    kinds = {item.quick for item in items}
    one_questionnaire = len({item.questionnaire for item in items}) == 1
    if one_questionnaire and len(domain_lists) == 1 and len(kinds) == 1:
        return plain
    questions = read(items)
    kept = [item for item in items if item.number in questions]
    if len(kept) < len(items):
        notes.append(
            f"{len(items) - len(kept):,} result(s) left out: their questions could not be "
            "read again (did the files change while being compared?)."
        )
    if not kept:
        raise ReadinessError("The results changed while being compared.", hint="Try again.")
    if len({questions[item.number].keys for item in kept}) == 1 and len(domain_lists) == 1:
        return replace(plain, items=tuple(kept), notes=tuple(notes))  # same questions
    return shared_basis(kept, questions, replace(plain, notes=tuple(notes)))


def shared_basis(
    items: Sequence[Scanned], questions: Mapping[int, QuestionList], plain: Basis
) -> Basis:
    newest = items[-1]
    lists = {questions[item.number].keys for item in items}
    domain_lists = {tuple(map(ID, item.domains)) for item in items}
    titles = {d.id: d.title for item in items for d in item.domains}
    newest_ids = [d.id for d in newest.domains]
    order = newest_ids + [d for d in titles if d not in newest_ids]
    shared_domains = [d for d in order if all(d in ids for ids in domain_lists)]
    if not shared_domains:
        raise ReadinessError(
            "These results have no domain in common, so they cannot be compared.",
            hint="Compare results made with the same questionnaire. These come from: "
            f"{'; '.join(plain.questionnaires)}.",
        )
    pairs = set.intersection(*({(q.domain, q.id) for q in key} for key in lists))
    shared = {
        key: tuple(
            tuple(i for i, q in enumerate(key) if q.domain == domain and (q.domain, q.id) in pairs)
            for domain in shared_domains
        )
        for key in lists
    }
    notes = [
        *plain.notes,
        *_left_out_notes(items, questions, shared_domains, pairs, titles, plain.questionnaires),
    ]
    return Basis(
        items=tuple(items),
        domains=tuple(DomainInfo(d, titles[d]) for d in shared_domains),
        bands=plain.bands,
        questionnaires=plain.questionnaires,
        notes=tuple(notes),
        questions=questions,
        shared=shared,
        shared_questions=frozenset(q for _d, q in pairs),
    )


def _band_note(items: Sequence[Scanned], newest: Scanned) -> list[str]:
    if all(item.bands == newest.bands for item in items):
        return []
    return [
        "The results use different bands; all scores are banded as in "
        f"{newest.questionnaire.label()}, the newest."
    ]


def _left_out_notes(
    items: Sequence[Scanned],
    questions: Mapping[int, QuestionList],
    shared_domains: Sequence[str],
    pairs: set[tuple[str, str]],
    titles: Mapping[str, str],
    questionnaires: Sequence[str],
) -> list[str]:
    has_domain: dict[str, set[str]] = defaultdict(set)
    left_questions: set[str] = set()
    for key in {questions[item.number].keys for item in items}:
        left_questions.update(
            q.id for q in key if q.domain in shared_domains and (q.domain, q.id) not in pairs
        )
    for item in items:
        for domain in item.domains:
            has_domain[domain.id].add(item.questionnaire.label())
    count = len({q for _d, q in pairs})
    quick = len({item.quick for item in items}) > 1
    what = (
        "Quick checks and full assessments are"
        if quick and len(questionnaires) == 1
        else f"The results come from different questionnaires ({'; '.join(questionnaires)}), "
        "so they are"
    )
    notes = [
        f"{what} compared on the {len(shared_domains)} domains and {count} questions "
        "they all share."
    ]
    notes += [
        f"Left out: the domain '{titles[domain_id]}', which only {', '.join(sorted(where))} has."
        for domain_id, where in has_domain.items()
        if domain_id not in shared_domains
    ]
    if left_questions:
        plural = "s" if len(left_questions) != 1 else ""
        notes.append(
            f"Left out: {len(left_questions)} question{plural} that not every "
            f"result asks ({', '.join(sorted(left_questions))}); domain scores "
            "are worked out again without them."
        )
    return notes


def rescored(item: Scanned, basis: Basis) -> tuple[Cell, tuple[Cell, ...]]:
    """Domain and overall scores from the shared questions only, by the rules of ``scoring``."""
    questions = basis.questions[item.number]
    cells = tuple(
        _rescored_domain(questions, positions, basis.bands)
        for positions in basis.shared[questions.keys]
    )
    weights = {domain.id: domain.weight for domain in item.domains}
    overall = overall_score(
        (weights[info.id], cell.score, cell.enough_answers)
        for info, cell in zip(basis.domains, cells, strict=True)
    )
    return Cell(overall, band_index(basis.bands, overall)), cells


def _rescored_domain(
    questions: QuestionList, positions: Sequence[int], bands: Sequence[Band]
) -> Cell:
    counted = [
        (questions.keys[position].weight, None if value == UNANSWERED else value)
        for position in positions
        if (value := questions.scores[position]) is not None
    ]
    score, coverage = weighted_mean(counted)
    enough = has_enough_answers(score, coverage)
    return Cell(score, band_index(bands, score) if enough else None, coverage)
