"""The OpenAPI projects written in apilint's tests and examples, for tests that compare two ways of
doing one thing over many real inputs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apilint.document import Document
from apilint.testing import CaseError, load_cases
from apilint.workspace import Workspace
from apilint.yaml_reader import read_yaml

REPO = Path(__file__).resolve().parents[1]
_VALIDATION_CASES = REPO / "tests" / "unit" / "oas" / "cases"


@dataclass(frozen=True)
class Project:
    """A root document and the files it may refer to, as text or as data written as JSON."""

    name: str
    document: Any
    files: dict[str, Any] = field(default_factory=dict)

    def read(self, folder: Path) -> tuple[Workspace, Document]:
        """Write the project into ``folder`` and read its root document."""
        root = folder / "openapi.yaml"
        contents = {root: self.document, **{folder / name: text for name, text in self.files.items()}}
        for path, content in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
        workspace = Workspace(root=folder, cwd=folder)
        return workspace, workspace.read_file(root)


def projects() -> Iterator[Project]:
    """Every rule case, every validation case and every example document."""
    for folder in sorted({*REPO.glob("tests/**/cases"), *REPO.glob("examples/**/cases")}):
        for path in sorted(folder.glob("*.yaml")):
            if folder == _VALIDATION_CASES:
                for index, entry in enumerate(read_yaml(path.read_text(encoding="utf-8")).data):
                    yield Project(f"{path.relative_to(REPO)}#{index}", entry["document"], entry.get("files") or {})
                continue
            try:
                cases = load_cases(path)
            except CaseError:
                continue  # not a case file (a README's neighbour, a ruleset)
            for case in cases:
                yield Project(f"{path.relative_to(REPO)}#{case.index}", case.document, dict(case.files))
    for path in sorted(REPO.glob("examples/**/*")):
        if path.suffix in (".yaml", ".yml", ".json") and "cases" not in path.parts:
            yield Project(str(path.relative_to(REPO)), path.read_text(encoding="utf-8"))
