"""Load a questionnaire folder into frozen records, listing every problem with file:line:col.

Steps: read each file safely (``yamlsafe``), check its shape (``schema``, via
pydantic), check what needs the whole questionnaire (``checks``: unique ids,
``when`` conditions, benchmark links; and bands here), then build the records
of ``model``. Every problem in every file is collected before anything is
raised. The checked records are cached by content (``cache``), so pydantic is
imported only when a questionnaire is new or has changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any

from readiness.errors import InvalidFileError, Problem
from readiness.files import decode, inside, read_bytes
from readiness.questionnaire import cache
from readiness.questionnaire.locate import folder_with_manifest
from readiness.questionnaire.model import (
    Band,
    Benchmark,
    Domain,
    GlossaryTerm,
    Questionnaire,
    Source,
)
from readiness.questionnaire.yamlsafe import Document, Location, parse_yaml

MANIFEST = "questionnaire.yaml"
BUNDLED_DEFAULT = "integration-readiness"
_RESERVED_VALUES = {"dont_know"}


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
                        "scored": q.scored,
                        "context": q.context,
                        "quick": q.quick,
                        "dont_know": q.dont_know,
                        "find_out": q.find_out,
                        "benchmark": {
                            "id": q.benchmark.benchmark_id,
                            "matches": list(q.benchmark.matches),
                            "complement": list(q.benchmark.complement),
                        }
                        if q.benchmark
                        else None,
                        "evidence": {
                            "source": q.evidence.source,
                            "finding": q.evidence.finding,
                            "paraphrase": q.evidence.paraphrase,
                            "anchor": q.evidence.anchor,
                            "said_by": q.evidence.said_by,
                        },
                    }
                    for q in domain.questions
                ],
            }
            for domain in questionnaire.domains
        ],
    }


def load_questionnaire(
    name_or_path: str | Path | None = None, *, use_cache: bool = True
) -> Questionnaire:
    """Load, check and build a questionnaire (by bundled name, folder or manifest path).

    A questionnaire is checked in full once per content: the checked records are kept
    in the cache folder and used again until any of its files changes (``cache``).
    ``use_cache=False`` always checks afresh, as ``questionnaires validate`` does.
    """
    folder = folder_with_manifest(name_or_path)
    if not use_cache:
        return _Assembler(folder).assemble()
    return cache.load(folder, lambda: _Assembler(folder).assemble())


def load_benchmarks(name_or_path: str | Path | None = None) -> tuple[str, list[Benchmark]]:
    """A questionnaire's title and survey figure catalogue."""
    questionnaire = load_questionnaire(name_or_path)
    return questionnaire.title, list(questionnaire.benchmarks)


class _Assembler:
    """Reads every file of one questionnaire, collecting problems as it goes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sources: list[Source] = []
        self.problems: list[Problem] = []
        self.hasher = hashlib.sha256()

    def inside(self, relative: str, near: Problem) -> Path | None:
        """The folder's file ``relative``, or None (and a problem) if it leads outside it."""
        path = self.folder / relative
        if PurePath(relative).is_absolute() or PureWindowsPath(relative).anchor:
            reason = "is a full path"
        elif not inside(path, self.folder):
            reason = "leads outside the questionnaire folder"
        else:
            return path
        self.problems.append(
            Problem(
                f"'{relative}' {reason}: give the name of a file in the questionnaire's "
                f"own folder ({self.folder}), such as 'domain.yaml'",
                near.path,
                near.line,
                near.column,
            )
        )
        return None

    def read(self, relative: str, kind: str, *, near: Problem | None = None) -> Document | None:
        if near is not None and self.inside(relative, near) is None:
            return None
        path = self.folder / relative
        if not path.is_file():
            message = f"the file '{relative}' does not exist in {self.folder}"
            self.problems.append(
                Problem(message, near.path, near.line, near.column)
                if near
                else Problem(message, path)
            )
            return None
        what = f"{kind} file"
        try:
            raw = read_bytes(path, what=what)
            document = parse_yaml(decode(raw, path, what=what), path, what=what)
        except InvalidFileError as error:
            self.problems.extend(error.problems)
            return None
        self.hasher.update(relative.encode() + b"\0" + raw + b"\0")
        # Here, not at the top: pydantic is imported only when the cache has no copy.
        from readiness.questionnaire.schema import schema_problems

        found = schema_problems(document, kind)
        self.problems.extend(found)
        return None if found else document

    def manifest(self) -> Document:
        manifest = self.read(MANIFEST, "manifest")
        if manifest is None:
            raise InvalidFileError(self.problems, what="questionnaire")
        return manifest

    def assemble(self) -> Questionnaire:
        manifest = self.manifest()
        data = manifest.mapping()
        benchmarks = self.catalogue(manifest, data.get("benchmarks"))
        glossary = self.glossary(manifest, data.get("glossary"))
        bands = self.bands(manifest, data["bands"])
        domains = self.domains(manifest, data["domains"], benchmarks)
        demo = data.get("demo_answers")
        demo_path = self.inside(demo, manifest.problem(("demo_answers",), "")) if demo else None
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
            sources=tuple(self.sources),
            sha256=self.hasher.hexdigest(),
            folder=self.folder,
            glossary=tuple(glossary),
            demo_answers=demo_path,
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
        data = document.mapping()
        sources = {raw["id"]: _source(raw) for raw in data.get("sources", [])}
        self.sources = list(sources.values())
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
        data = document.mapping()
        return [GlossaryTerm(t["term"], t["name"], t["meaning"]) for t in data.get("terms", [])]

    def domains(
        self, manifest: Document, refs: list[dict[str, Any]], catalogue: dict[str, Benchmark]
    ) -> list[Domain]:
        self.duplicates(
            manifest, ((("domains", i, "id"), r["id"]) for i, r in enumerate(refs)), "domain id"
        )
        from readiness.questionnaire.checks import QuestionChecker  # only when not cached

        checker = QuestionChecker(catalogue)
        domains = []
        for index, ref in enumerate(refs):
            document = self.read(
                ref["file"], "domain", near=manifest.problem(("domains", index, "file"), "")
            )
            if document is None:
                continue
            data = document.mapping()
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
        respondents=raw.get("respondents"),
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
        value_is_lower_bound=raw.get("value_is_lower_bound", False),
        value_words=raw.get("value_words"),
        context=raw.get("context", False),
    )
