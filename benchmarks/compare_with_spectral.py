"""Compare apilint's ``oas`` findings with Spectral's ``spectral:oas`` on a corpus of documents.

    python benchmarks/compare_with_spectral.py --spectral PATH/TO/spectral --out results/ FILE_OR_DIR...

Spectral is not a dependency of apilint: install ``@stoplight/spectral-cli`` from the npm registry in a
temporary folder and pass its ``node_modules/.bin/spectral``. Both linters run every rule of their
ruleset (``[oas, all]`` and ``[spectral:oas, all]``); findings are compared as (rule id, file, JSON
pointer) sets. Spectral's outputs are cached in ``--out``, so a second run only reruns apilint.

Spectral reports a node it reached through a ``$ref`` at the path it took to get there; apilint reports
it where it is written, once. Before comparing, each Spectral path is walked through the document,
following local ``$ref``s, to the pointer where the node is written, so that both name the same node.
The report lists, per rule, the findings both give, and those only one gives, with examples.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from apilint.pointer import decode_fragment, join_pointer, pointer_from_tokens

Key = tuple[str, str, str]

_SPECTRAL_RULESET = {"extends": [["spectral:oas", "all"]]}
_APILINT_RULESET = {"extends": [["oas", "all"]]}
#: Rules whose findings come from reading the file rather than from the ruleset.
_READ_RULES = {"parser": "syntax-error", "invalid-ref": "invalid-ref"}


def _collect(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".json", ".yaml", ".yml"))
        else:
            files.append(path)
    return files


def _written_pointer(data: Any, tokens: list[str | int]) -> str:
    """Where the node at ``tokens`` (a path through local ``$ref``s) is written in ``data``."""
    pointer, node = "", data
    for token in tokens:
        hops = 0
        # A key written beside the $ref is the node itself (rules on the written document see it).
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#") \
                and str(token) not in node and hops < 32:
            pointer = decode_fragment(node["$ref"][1:])
            node = _at(data, pointer)
            hops += 1
        if isinstance(node, dict):
            node = node.get(str(token))
        elif isinstance(node, list) and str(token).isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            node = None
        pointer = join_pointer(pointer, token)
    return pointer


def _at(data: Any, pointer: str) -> Any:
    node = data
    for token in [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]:
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def _run_spectral(spectral: str, ruleset: Path, file: Path, cache: Path, timeout: float) -> dict[str, Any]:
    if cache.is_file():
        cached: dict[str, Any] = json.loads(cache.read_text(encoding="utf-8"))
        return cached
    started = time.perf_counter()
    try:
        completed = subprocess.run([spectral, "lint", "-q", "-f", "json", "-r", str(ruleset), str(file)],
                                   capture_output=True, text=True, timeout=timeout,
                                   env={**os.environ, "NODE_OPTIONS": "--max-old-space-size=8192"})
        output = completed.stdout.strip()
        results = json.loads(output) if output.startswith("[") else None
        error = None if results is not None else (completed.stderr or completed.stdout)[-500:]
    except subprocess.TimeoutExpired:
        results, error = None, f"timed out after {timeout:.0f} s"
    record = {"seconds": round(time.perf_counter() - started, 2), "results": results, "error": error}
    cache.write_text(json.dumps(record), encoding="utf-8")
    return record


def _run_apilint(ruleset: Path, file: Path) -> dict[str, Any]:
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, "-m", "apilint", "lint", "-f", "json", "-r", str(ruleset),
                                "--max-file-size", str(200 * 1024 * 1024), str(file)],
                               capture_output=True, text=True)
    seconds = round(time.perf_counter() - started, 2)
    if completed.returncode not in (0, 1):
        return {"seconds": seconds, "findings": None, "error": completed.stderr[-500:]}
    return {"seconds": seconds, "findings": json.loads(completed.stdout)["findings"], "error": None}


def _load(file: Path) -> Any:
    from apilint.document import read_document

    return read_document(file.resolve().as_uri(), str(file), file.read_bytes()).data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", help="documents, or folders to search for .json/.yaml files")
    parser.add_argument("--spectral", required=True, help="the spectral executable")
    parser.add_argument("--out", type=Path, required=True, help="folder for cached results and the report")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds allowed per Spectral run")
    parser.add_argument("--jobs", type=int, default=2, help="Spectral runs at a time")
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="apilint-compare-"))
    spectral_ruleset = workdir / "spectral.yaml"
    spectral_ruleset.write_text(json.dumps(_SPECTRAL_RULESET), encoding="utf-8")
    apilint_ruleset = workdir / "apilint.yaml"
    apilint_ruleset.write_text(json.dumps(_APILINT_RULESET), encoding="utf-8")
    files = _collect(args.paths)

    def cache_for(file: Path) -> Path:
        name = str(file.resolve()).strip("/").replace("/", "__")
        out: Path = args.out
        return out / f"{name}.spectral.json"

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        spectral_runs = list(pool.map(lambda f: _run_spectral(args.spectral, spectral_ruleset, f, cache_for(f),
                                                              args.timeout), files))

    both: Counter[str] = Counter()
    only_spectral: dict[str, list[Key]] = defaultdict(list)
    only_apilint: dict[str, list[Key]] = defaultdict(list)
    skipped: list[str] = []
    seconds = {"spectral": 0.0, "apilint": 0.0}
    compared = 0
    for file, spectral_run in zip(files, spectral_runs, strict=True):
        if spectral_run["results"] is None:
            skipped.append(f"{file}: Spectral failed: {spectral_run['error']}")
            continue
        apilint_run = _run_apilint(apilint_ruleset, file)
        if apilint_run["findings"] is None:
            skipped.append(f"{file}: apilint failed: {apilint_run['error']}")
            continue
        compared += 1
        seconds["spectral"] += spectral_run["seconds"]
        seconds["apilint"] += apilint_run["seconds"]
        data = _load(file)
        theirs: set[Key] = set()
        for result in spectral_run["results"]:
            code = _READ_RULES.get(result["code"], result["code"])
            source = Path(result.get("source") or file).resolve()
            pointer = _written_pointer(data, result["path"]) if source == file.resolve() \
                else pointer_from_tokens(result["path"])
            theirs.add((code, str(source), pointer))
        ours: set[Key] = {(finding["rule"], str(Path(finding["file"]).resolve()), finding["pointer"])
                          for finding in apilint_run["findings"]}
        for key in theirs & ours:
            both[key[0]] += 1
        for key in sorted(theirs - ours):
            only_spectral[key[0]].append(key)
        for key in sorted(ours - theirs):
            only_apilint[key[0]].append(key)

    total_spectral = sum(both.values()) + sum(len(keys) for keys in only_spectral.values())
    agreed = sum(both.values())
    lines = [f"documents compared: {compared} of {len(files)}",
             f"Spectral findings: {total_spectral}; also found by apilint: {agreed} "
             f"({100 * agreed / max(total_spectral, 1):.2f}%)",
             f"apilint findings Spectral does not give: {sum(len(keys) for keys in only_apilint.values())}",
             f"time: Spectral {seconds['spectral']:.1f} s, apilint {seconds['apilint']:.1f} s", "",
             f"{'rule':<40} {'both':>7} {'only spectral':>14} {'only apilint':>13}"]
    for rule in sorted({*both, *only_spectral, *only_apilint}):
        lines.append(f"{rule:<40} {both[rule]:>7} {len(only_spectral[rule]):>14} {len(only_apilint[rule]):>13}")
    for title, table in (("only Spectral", only_spectral), ("only apilint", only_apilint)):
        lines += ["", f"examples, {title}:"]
        for rule in sorted(table):
            lines += [f"  {rule}: {path}#{pointer}" for _, path, pointer in table[rule][:5]]
    lines += ["", "skipped:", *(f"  {entry}" for entry in skipped)]
    report = "\n".join(lines) + "\n"
    (args.out / "report.txt").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
