"""Load a questionnaire folder into frozen records, listing every problem with file:line:col.

Steps: read each file safely (``yamlsafe``), check its shape (``schema``, via
pydantic), check what needs the whole questionnaire (unique ids, ``when``
conditions, benchmark links, bands), then build the records of ``model.py``.
Every problem in every file is collected before anything is raised.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from readiness.errors import InvalidFileError, Problem, UsageError
from readiness.questionnaire import conditions
from readiness.questionnaire.model import (
    CHOICE_TYPES,
    Band,
    Benchmark,
    BenchmarkLink,
    Choice,
    Domain,
    Evidence,
    GlossaryTerm,
    NumberRange,
    Question,
    Questionnaire,
    Source,
)
from readiness.questionnaire.yamlsafe import Document, Location, load_yaml

MANIFEST = "questionnaire.yaml"
BUNDLED_DEFAULT = "integration-readiness"
_YES_NO_DEFAULT = (Choice("yes", "Yes", 1.0), Choice("no", "No", 0.0))
_RESERVED_VALUES = {"dont_know"}


def bundled_root() -> Path:
    """The folder of questionnaires shipped with the tool.

    In a wheel they sit inside the package; in a source checkout (an editable
    install) they are the top-level ``questionnaires/`` folder.
    """
    packaged = Path(str(resources.files("readiness"))) / "questionnaires"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "questionnaires"


def bundled_names() -> list[str]:
    return list(_named(bundled_root()))


def user_root() -> Path:
    """Where a user keeps their own questionnaires: ``questionnaires/`` in the store."""
    from readiness.results.store import home

    return home() / "questionnaires"


def _named(root: Path) -> dict[str, Path]:
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.iterdir()) if (p / MANIFEST).is_file()}


def available() -> list[dict[str, str]]:
    """Bundled and user questionnaires with id, version, title, origin and path.

    Read quickly from the manifests only; a broken one is listed with its problem.
    """
    found = []
    for origin, root in (("bundled", bundled_root()), ("yours", user_root())):
        for folder in _named(root).values():
            entry = {
                "id": folder.name,
                "version": "?",
                "title": "?",
                "origin": origin,
                "path": str(folder),
            }
            try:
                data = load_yaml(folder / MANIFEST, what="manifest").data
            except InvalidFileError as error:
                entry["title"] = f"cannot be read: {error.problems[0]}"
            else:
                if isinstance(data, dict):
                    entry.update(
                        {key: str(data[key]) for key in ("id", "version", "title") if key in data}
                    )
            found.append(entry)
    return found


def describe(questionnaire: Questionnaire) -> dict[str, object]:
    """A questionnaire as plain data, for ``questionnaires show --format json``."""
    return {
        "id": questionnaire.id,
        "title": questionnaire.title,
        "version": questionnaire.version,
        "sha256": questionnaire.sha256,
        "domains": [
            {
                "id": domain.id,
                "title": domain.title,
                "weight": domain.weight,
                "questions": [
                    {
                        "id": q.id,
                        "text": q.text,
                        "help": q.help,
                        "type": q.type,
                        "choices": [
                            {"value": c.value, "label": c.label, "score": c.score}
                            for c in q.choices
                        ],
                        "min": q.minimum,
                        "max": q.maximum,
                        "unit": q.unit,
                        "when": q.when,
                        "weight": q.weight,
                        "dont_know": q.dont_know,
                        "benchmark": q.benchmark.benchmark_id if q.benchmark else None,
                        "evidence": {"source": q.evidence.source, "finding": q.evidence.finding},
                    }
                    for q in domain.questions
                ],
            }
            for domain in questionnaire.domains
        ],
    }


def resolve(name_or_path: str | Path | None) -> Path:
    """The folder of a questionnaire given by bundled name, folder or manifest path."""
    if name_or_path is None or str(name_or_path) == "":
        return bundled_root() / BUNDLED_DEFAULT
    candidate = Path(name_or_path).expanduser()
    if candidate.is_file():
        return candidate.parent
    if candidate.is_dir():
        return candidate
    for root in (user_root(), bundled_root()):
        named = _named(root)
        if str(name_or_path) in named:
            return named[str(name_or_path)]
    names = ", ".join([*bundled_names(), *_named(user_root())]) or "none"
    raise UsageError(
        f"There is no questionnaire called '{name_or_path}'.",
        hint=f"Give a folder or a questionnaire.yaml file, or a bundled name ({names}).",
    )


def load_questionnaire(
    name_or_path: str | Path | None = None, *, validate: bool = True
) -> Questionnaire:
    """Load, check and build a questionnaire.

    ``validate=False`` skips the shape checks (and so the pydantic import); it is
    only for the bundled questionnaire, which the test suite validates.
    """
    return _Assembler(_folder_with_manifest(name_or_path), validate=validate).assemble()


def load_benchmarks(
    name_or_path: str | Path | None = None, *, validate: bool = True
) -> tuple[str, list[Benchmark]]:
    """Just a questionnaire's title and benchmark catalogue, without reading its questions."""
    return _Assembler(_folder_with_manifest(name_or_path), validate=validate).catalogue_only()


def _folder_with_manifest(name_or_path: str | Path | None) -> Path:
    folder = resolve(name_or_path)
    if not (folder / MANIFEST).is_file():
        raise InvalidFileError(
            [Problem(f"no {MANIFEST} here: a questionnaire folder needs one", folder)],
            what="questionnaire",
        )
    return folder


def schema_problems(document: Document, kind: str) -> list[Problem]:
    """Problems with the shape of a file, checked against ``schema.SCHEMAS[kind]``."""
    from pydantic import ValidationError

    from readiness.questionnaire.schema import SCHEMAS

    if not isinstance(document.data, dict):
        found = type(document.data).__name__.replace("str", "text").replace("list", "a list")
        return [document.problem((), f"the file should hold 'key: value' lines, not {found}")]
    try:
        SCHEMAS[kind].model_validate(document.data)
    except ValidationError as error:
        return [_explain(document, detail) for detail in error.errors(include_url=False)]
    return []


def _known_fields() -> list[str]:
    from readiness.questionnaire.schema import SCHEMAS, _Strict

    names: set[str] = set()
    pending: list[type[Any]] = list(SCHEMAS.values())
    while pending:
        model = pending.pop()
        for name, info in model.model_fields.items():
            names.add(name)
            for arg in (*getattr(info.annotation, "__args__", ()), info.annotation):
                if isinstance(arg, type) and issubclass(arg, _Strict) and arg not in pending:
                    pending.append(arg)
    return sorted(names)


def _explain(document: Document, detail: Any) -> Problem:
    location: Location = tuple(detail["loc"])
    kind: str = detail["type"]
    field = f"'{location[-1]}'" if location else "the file"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(location[-1]), _known_fields(), n=1)
        message = f"unknown field {field}" + (
            f": did you mean '{close[0]}'?" if close else ": remove it or check the spelling"
        )
        return document.problem(location, message, at_key=True)
    if kind == "missing":
        return document.problem(location[:-1], f"missing required field {field}")
    surprise = document.surprises.get(location)
    if kind == "string_type" and surprise is not None:
        written, became = surprise
        return document.problem(
            location,
            (
                f"{field}: YAML reads {written} as {became}, not text: "
                f'put it in quotes, like "{written}"'
            ),
        )
    return document.problem(location, f"{field}: {_friendly(kind, detail)}")


def _friendly(kind: str, detail: Any) -> str:
    wrong = type(detail.get("input")).__name__
    messages = {
        "string_type": f"should be text (found {wrong})",
        "float_type": f"should be a number (found {wrong})",
        "int_type": f"should be a whole number (found {wrong})",
        "bool_type": f"should be true or false (found {wrong})",
        "list_type": "should be a list (lines starting with '- ')",
        "dict_type": "should be a mapping ('key: value' lines)",
        "model_type": "should be a mapping ('key: value' lines)",
        "string_pattern_mismatch": (
            "use only lower-case letters, digits and '_' (question ids) or '-' (other ids), "
            "starting with a letter"
        ),
    }
    return messages.get(kind, str(detail.get("msg", "is not valid")).rstrip(".").lower())


class _Assembler:
    """Reads every file of one questionnaire, collecting problems as it goes."""

    def __init__(self, folder: Path, *, validate: bool) -> None:
        self.folder = folder
        self.validate = validate
        self.problems: list[Problem] = []
        self.hasher = hashlib.sha256()

    def read(self, relative: str, kind: str, *, near: Problem | None = None) -> Document | None:
        path = self.folder / relative
        if not path.is_file():
            message = f"the file '{relative}' does not exist in {self.folder}"
            self.problems.append(
                Problem(message, near.path, near.line, near.column)
                if near
                else Problem(message, path)
            )
            return None
        try:
            document = load_yaml(path, what=f"{kind} file")
        except InvalidFileError as error:
            self.problems.extend(error.problems)
            return None
        self.hasher.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
        if self.validate:
            found = schema_problems(document, kind)
            self.problems.extend(found)
            if found:
                return None
        return document

    def manifest(self) -> Document:
        manifest = self.read(MANIFEST, "manifest")
        if manifest is None:
            raise InvalidFileError(self.problems, what="questionnaire")
        return manifest

    def catalogue_only(self) -> tuple[str, list[Benchmark]]:
        manifest = self.manifest()
        data: dict[str, Any] = manifest.data  # type: ignore[assignment]
        benchmarks = self.catalogue(manifest, data.get("benchmarks"))
        if self.problems:
            raise InvalidFileError(self.problems, what="questionnaire")
        return data["title"], list(benchmarks.values())

    def assemble(self) -> Questionnaire:
        manifest = self.manifest()
        data: dict[str, Any] = manifest.data  # type: ignore[assignment]
        benchmarks = self.catalogue(manifest, data.get("benchmarks"))
        glossary = self.glossary(manifest, data.get("glossary"))
        bands = self.bands(manifest, data["bands"])
        domains = self.domains(manifest, data["domains"], benchmarks)
        demo = data.get("demo_answers")
        if self.problems:
            raise InvalidFileError(self.problems, what="questionnaire")
        return Questionnaire(
            id=data["id"],
            title=data["title"],
            version=data["version"],
            description=data.get("description", ""),
            domains=tuple(domains),
            bands=tuple(bands),
            benchmarks=tuple(benchmarks.values()),
            sha256=self.hasher.hexdigest(),
            folder=self.folder,
            glossary=tuple(glossary),
            demo_answers=self.folder / demo if demo else None,
        )

    def bands(self, manifest: Document, raw: list[dict[str, Any]]) -> list[Band]:
        bands = [Band(b["id"], b["label"], float(b["min"]), float(b["max"])) for b in raw]
        ordered = sorted(enumerate(bands), key=lambda pair: pair[1].min)
        expected = 0.0
        for index, band in ordered:
            where = ("bands", index)
            if band.min >= band.max:
                self.problems.append(
                    manifest.problem(where, f"band '{band.id}': min must be below max")
                )
            elif band.min != expected:
                gap = "a gap" if band.min > expected else "an overlap"
                self.problems.append(
                    manifest.problem(
                        where,
                        (
                            f"band '{band.id}' starts at {band.min:g}, leaving {gap} "
                            f"after {expected:g}: "
                            "bands must cover 0 to 100 with no gaps or overlaps"
                        ),
                    )
                )
            expected = max(expected, band.max)
        if bands and expected != 100:
            self.problems.append(
                manifest.problem(
                    ("bands",), (f"the bands end at {expected:g}: the last band's max must be 100")
                )
            )
        self.duplicates(
            manifest, ((("bands", i, "id"), b.id) for i, b in enumerate(bands)), "band id"
        )
        return [band for _, band in ordered]

    def duplicates(
        self, document: Document, items: Iterable[tuple[Location, str]], what: str
    ) -> None:
        seen: dict[str, Location] = {}
        for location, value in items:
            if value in seen:
                line = document.positions.get(seen[value], (0, 0))[0]
                self.problems.append(
                    document.problem(
                        location, f"duplicate {what} '{value}' (first used on line {line})"
                    )
                )
            else:
                seen[value] = location

    def catalogue(self, manifest: Document, relative: str | None) -> dict[str, Benchmark]:
        if relative is None:
            return {}
        document = self.read(relative, "benchmarks", near=manifest.problem(("benchmarks",), ""))
        if document is None:
            return {}
        data: dict[str, Any] = document.data  # type: ignore[assignment]
        sources = {raw["id"]: _source(raw) for raw in data.get("sources", [])}
        self.duplicates(
            document,
            ((("sources", i, "id"), s["id"]) for i, s in enumerate(data.get("sources", []))),
            "source id",
        )
        self.duplicates(
            document,
            ((("benchmarks", i, "id"), b["id"]) for i, b in enumerate(data.get("benchmarks", []))),
            "benchmark id",
        )
        catalogue: dict[str, Benchmark] = {}
        for index, raw in enumerate(data.get("benchmarks", [])):
            source = sources.get(raw["source"])
            if source is None:
                self.problems.append(
                    document.problem(
                        ("benchmarks", index, "source"),
                        (f"no source with id '{raw['source']}' in this file"),
                    )
                )
                continue
            if raw["unit"] == "percent" and not 0 <= raw["value"] <= 100:
                self.problems.append(
                    document.problem(
                        ("benchmarks", index, "value"), "a percentage must be between 0 and 100"
                    )
                )
            catalogue[raw["id"]] = _benchmark(raw, source)
        return catalogue

    def glossary(self, manifest: Document, relative: str | None) -> list[GlossaryTerm]:
        if relative is None:
            return []
        document = self.read(relative, "glossary", near=manifest.problem(("glossary",), ""))
        if document is None:
            return []
        data: dict[str, Any] = document.data  # type: ignore[assignment]
        return [GlossaryTerm(t["term"], t["name"], t["meaning"]) for t in data.get("terms", [])]

    def domains(
        self, manifest: Document, refs: list[dict[str, Any]], catalogue: dict[str, Benchmark]
    ) -> list[Domain]:
        self.duplicates(
            manifest, ((("domains", i, "id"), r["id"]) for i, r in enumerate(refs)), "domain id"
        )
        checker = _QuestionChecker(catalogue)
        domains = []
        for index, ref in enumerate(refs):
            document = self.read(
                ref["file"], "domain", near=manifest.problem(("domains", index, "file"), "")
            )
            if document is None:
                continue
            data: dict[str, Any] = document.data  # type: ignore[assignment]
            if data["id"] != ref["id"]:
                self.problems.append(
                    document.problem(
                        ("id",),
                        (
                            f"this file's id is '{data['id']}' but the manifest lists it as "
                            f"'{ref['id']}': make them the same"
                        ),
                    )
                )
            questions = [
                checker.build(document, ref["id"], i, raw)
                for i, raw in enumerate(data["questions"])
            ]
            self.problems.extend(checker.take_problems())
            domains.append(
                Domain(
                    ref["id"],
                    data["title"],
                    data.get("description", ""),
                    float(ref.get("weight", 1.0)),
                    tuple(questions),
                )
            )
        return domains


def _source(raw: dict[str, Any]) -> Source:
    return Source(
        id=raw["id"],
        file=raw["file"],
        publisher=raw["publisher"],
        title=raw["title"],
        published=raw["published"],
        sampled=raw["sampled"],
        fieldwork=raw.get("fieldwork"),
        sample_size=raw.get("sample_size"),
        sample_size_note=raw.get("sample_size_note"),
        sample_size_is_minimum=raw.get("sample_size_is_minimum", False),
    )


def _benchmark(raw: dict[str, Any], source: Source) -> Benchmark:
    return Benchmark(
        id=raw["id"],
        source=source,
        statement=raw["statement"],
        value=float(raw["value"]),
        unit=raw["unit"],
        quote=raw["quote"],
        sample_size=raw.get("sample_size"),
        value_note=raw.get("value_note"),
    )


class _QuestionChecker:
    """Checks each question against the type rules and what came before it."""

    def __init__(self, catalogue: dict[str, Benchmark]) -> None:
        self.catalogue = catalogue
        self.earlier: dict[str, Question] = {}
        self.first_seen: dict[str, tuple[Path, int]] = {}
        self.problems: list[Problem] = []

    def take_problems(self) -> list[Problem]:
        found, self.problems = self.problems, []
        return found

    def build(
        self, document: Document, domain_id: str, index: int, raw: dict[str, Any]
    ) -> Question:
        here: Location = ("questions", index)
        self.problems.extend(
            document.problem((*here, *loc), message) for loc, message in _type_problems(raw)
        )
        question = _question(domain_id, raw)
        self.check_id(document, here, question)
        if question.when is not None:
            self.check_condition(document, (*here, "when"), question.when)
        if question.benchmark is not None:
            self.check_link(document, (*here, "benchmark"), question)
        self.earlier.setdefault(question.id, question)
        return question

    def check_id(self, document: Document, here: Location, question: Question) -> None:
        if question.id in self.first_seen:
            path, line = self.first_seen[question.id]
            self.problems.append(
                document.problem(
                    (*here, "id"),
                    (
                        f"duplicate question id '{question.id}' "
                        f"(first used in {path.name} line {line}): "
                        "every question needs its own id"
                    ),
                )
            )
        else:
            line = document.positions.get((*here, "id"), (0, 0))[0]
            self.first_seen[question.id] = (document.path, line)

    def check_condition(self, document: Document, where: Location, text: str) -> None:
        try:
            parsed = conditions.parse(text)
        except conditions.ConditionError as error:
            self.problems.append(
                document.problem(
                    where,
                    (
                        f"'when' condition: {error.message} (at character {error.column} "
                        f'of "{text}")'
                    ),
                )
            )
            return
        for comparison in conditions.comparisons(parsed):
            self.problems.extend(
                document.problem(where, message) for message in self.comparison_problems(comparison)
            )

    def comparison_problems(self, comparison: conditions.Comparison) -> Iterator[str]:
        target = self.earlier.get(comparison.name)
        if target is None:
            yield (
                f"'when' names '{comparison.name}', which is not an earlier question: a "
                "condition can only look at questions asked before this one"
            )
            return
        for value in comparison.values:
            if target.type in CHOICE_TYPES and target.choice(str(value)) is None:
                allowed = ", ".join(f"'{c.value}'" for c in target.choices)
                yield (
                    f"'when' compares '{comparison.name}' with '{value}', which is not one "
                    f"of its choices ({allowed})"
                )
            if target.type == "number" and not isinstance(value, float):
                yield f"'{comparison.name}' is a number question: compare it with a number"

    def check_link(self, document: Document, where: Location, question: Question) -> None:
        link = question.benchmark
        if link is None:
            return
        if link.benchmark_id not in self.catalogue:
            close = difflib.get_close_matches(link.benchmark_id, list(self.catalogue), n=1)
            hint = f": did you mean '{close[0]}'?" if close else ""
            self.problems.append(
                document.problem(
                    (*where, "id"),
                    (f"no benchmark '{link.benchmark_id}' in the benchmark catalogue{hint}"),
                )
            )
        if question.type == "number":
            if link.matches or (link.at_most is None and link.at_least is None):
                self.problems.append(
                    document.problem(
                        where,
                        (
                            "a number question's benchmark link needs 'at_most' or 'at_least', "
                            "not 'matches'"
                        ),
                    )
                )
            return
        if not link.matches or link.at_most is not None or link.at_least is not None:
            self.problems.append(
                document.problem(
                    where,
                    (
                        "a benchmark link needs 'matches': the answers that put the practice "
                        "in the "
                        "surveyed group"
                    ),
                )
            )
        for position, value in enumerate(link.matches):
            if question.choice(value) is None:
                self.problems.append(
                    document.problem(
                        (*where, "matches", position),
                        (f"'{value}' is not one of this question's choice values"),
                    )
                )


def _type_problems(raw: dict[str, Any]) -> Iterator[tuple[Location, str]]:
    """Rules that depend on the question's type."""
    kind = raw["type"]
    choices = raw.get("choices")
    if kind in {"single", "multi", "scale"} and not choices:
        yield ("type",), f"a '{kind}' question needs 'choices'"
    if kind in {"number", "text"} and choices:
        yield ("choices",), f"a '{kind}' question cannot have 'choices'"
    if kind != "number":
        for name in ("min", "max", "unit", "ranges"):
            if raw.get(name) is not None:
                yield (name,), f"'{name}' is only for number questions"
    yield from _choice_problems(kind, choices or [])
    if kind == "number":
        yield from _number_problems(raw)


def _choice_problems(kind: str, choices: list[dict[str, Any]]) -> Iterator[tuple[Location, str]]:
    values = [choice["value"] for choice in choices]
    for index, value in enumerate(values):
        if value in _RESERVED_VALUES:
            yield ("choices", index, "value"), f"'{value}' is kept for \"Don't know\": rename it"
        if value in values[:index]:
            yield ("choices", index, "value"), f"duplicate choice value '{value}'"
    if kind in CHOICE_TYPES and choices and len(choices) < 2:
        yield ("choices",), "give at least two choices"
    if kind == "yes_no" and choices and not {"yes", "no"} <= set(values):
        yield ("choices",), 'a yes_no question\'s choices must include "yes" and "no"'
    exclusive = [c for c in choices if c.get("exclusive")]
    if exclusive and kind != "multi":
        yield ("choices",), "'exclusive' is only for multi questions"
    if len(exclusive) > 1:
        yield ("choices",), "only one choice can be 'exclusive'"


def _number_problems(raw: dict[str, Any]) -> Iterator[tuple[Location, str]]:
    low, high = raw.get("min"), raw.get("max")
    if low is None or high is None:
        yield ("type",), "a number question needs both 'min' and 'max'"
        return
    if low >= high:
        yield ("max",), "'max' must be greater than 'min'"
    ranges = sorted(enumerate(raw.get("ranges") or []), key=lambda pair: pair[1]["min"])
    previous_end: float | None = None
    for index, item in ranges:
        if item["min"] >= item["max"]:
            yield ("ranges", index), "a range's 'min' must be below its 'max'"
        if previous_end is not None and item["min"] < previous_end:
            yield ("ranges", index), "ranges overlap: each number must fall in one range only"
        previous_end = item["max"]


def _question(domain_id: str, raw: dict[str, Any]) -> Question:
    kind = raw["type"]
    choices = tuple(
        Choice(
            c["value"],
            c["label"],
            float(c["score"]),
            c.get("not_applicable", False),
            c.get("exclusive", False),
        )
        for c in raw.get("choices") or []
    )
    if kind == "yes_no" and not choices:
        choices = _YES_NO_DEFAULT
    link = raw.get("benchmark")
    return Question(
        id=raw["id"],
        domain_id=domain_id,
        text=raw["text"].strip(),
        help=raw["help"].strip(),
        type=kind,
        evidence=Evidence(raw["evidence"]["source"], raw["evidence"]["finding"]),
        choices=choices,
        weight=float(raw.get("weight", 1.0)),
        dont_know=raw.get("dont_know", True),
        when=raw.get("when"),
        benchmark=BenchmarkLink(
            link["id"], tuple(link.get("matches", ())), link.get("at_most"), link.get("at_least")
        )
        if link
        else None,
        recommendations=tuple(raw.get("recommendations", ())),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        unit=raw.get("unit"),
        ranges=tuple(
            NumberRange(float(r["min"]), float(r["max"]), float(r["score"]))
            for r in raw.get("ranges") or []
        ),
    )
