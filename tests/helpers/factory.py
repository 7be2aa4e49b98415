"""Write small questionnaires to a folder, for tests that need a valid one to break."""

from __future__ import annotations

import textwrap
from pathlib import Path

MANIFEST = """\
id: tiny
title: Tiny questionnaire
version: "1.0"
domains:
  - id: alpha
    file: alpha.yaml
    weight: 1
  - id: beta
    file: beta.yaml
    weight: 1
bands:
  - {id: low, label: Low, min: 0, max: 50}
  - {id: high, label: High, min: 50, max: 100}
benchmarks: benchmarks.yaml
"""

ALPHA = """\
id: alpha
title: Alpha
questions:
  - id: has_pharmacist
    text: Do you have a clinical pharmacist?
    help: Asked because the survey asked it.
    type: yes_no
    evidence: {source: 000.txt, finding: "75% had one"}
    benchmark: {id: pharmacists, matches: ["yes"]}
    recommendations: [Recruit one through ARRS.]
  - id: pharmacist_hours
    text: How many hours a week?
    help: Only asked when there is one.
    type: number
    min: 0
    max: 100
    unit: hours
    ranges:
      - {min: 0, max: 10, score: 0}
      - {min: 10, max: 101, score: 1}
    when: "has_pharmacist == 'yes'"
    evidence: {source: 000.txt, finding: "75% had one"}
  - id: confidence
    text: How confident are you?
    help: The survey asked the same.
    type: scale
    choices:
      - {value: none, label: Not at all, score: 0}
      - {value: some, label: Somewhat, score: 0.5}
      - {value: very, label: Very, score: 1}
    evidence: {source: 000.txt, finding: "75% not confident"}
"""

BETA = """\
id: beta
title: Beta
questions:
  - id: roles
    text: Which roles work with you?
    help: Additional roles.
    type: multi
    choices:
      - {value: physio, label: Physiotherapist, score: 0.5}
      - {value: link_worker, label: Link worker, score: 0.5}
      - {value: none, label: None of these, score: 0, exclusive: true}
    evidence: {source: 000.txt, finding: "57% link workers"}
  - id: notes
    text: Anything else?
    help: Free text.
    type: text
    evidence: {source: 000.txt, finding: "none"}
"""

BENCHMARKS = """\
sources:
  - id: survey
    file: 000.txt
    publisher: A publisher
    title: A survey
    published: "2021-08-02"
    sample_size: 270
    sampled: GPs
benchmarks:
  - id: pharmacists
    source: survey
    statement: Practices with a clinical pharmacist
    value: 75
    unit: percent
    quote: "75% of practices"
"""


def write(folder: Path, **files: str) -> Path:
    """Write the tiny questionnaire, with any file replaced by the given text."""
    defaults = {"questionnaire": MANIFEST, "alpha": ALPHA, "beta": BETA, "benchmarks": BENCHMARKS}
    defaults.update(files)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in defaults.items():
        (folder / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder
