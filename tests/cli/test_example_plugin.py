"""The example third-party plugin, examples/acme-plugin, installed with pip and used end to end.

The package is installed into a new virtual environment that sees this one's packages (apilint,
pip, setuptools, pytest) through a ``.pth`` file, without its build dependencies being fetched:
the test runs offline. Then that environment's apilint lints with it, lists and documents its
rules as it does its own, and the example's own tests pass with that environment's pytest.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sysconfig
import venv
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "acme-plugin"

API = """\
openapi: 3.1.0
info:
  title: Orders
  version: 1.0.0
  description: Orders placed with ACME.
  contact: {name: Order management, email: orders@acme.example}
servers:
  - url: http://api.acme.example/orders/v1
tags:
  - name: orders
    description: Orders.
paths:
  /orders:
    get:
      operationId: listOrders
      summary: List the orders
      description: Lists the orders, newest first.
      tags: [orders]
      responses:
        "200":
          description: The orders.
          content:
            application/json:
              schema: {type: array, items: {type: object}}
"""


@dataclass(frozen=True)
class Environment:
    python: Path
    example: Path
    project: Path
    variables: dict[str, str]

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.python), *args], cwd=cwd or self.project, env=self.variables,
                              capture_output=True, text=True, timeout=120, check=False)

    def apilint(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "apilint", *args)


class _Builder(venv.EnvBuilder):
    def post_setup(self, context: SimpleNamespace) -> None:
        self.context = context


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Environment:
    root = tmp_path_factory.mktemp("acme")
    # A copy: building in place would leave build/ and *.egg-info in the checkout.
    example = root / "acme-plugin"
    shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns(
        "build", "*.egg-info", "__pycache__", ".pytest_cache"))
    builder = _Builder(with_pip=False, symlinks=os.name != "nt")
    builder.create(root / "venv")
    purelib = Path(sysconfig.get_path("purelib", "venv", {"base": str(root / "venv"), "platbase": str(root / "venv")}))
    # addsitedir, not a bare list of paths: it also runs the .pth files there (an editable apilint's finder).
    parents = [path for path in [*site.getsitepackages(), site.getusersitepackages()] if Path(path).is_dir()]
    (purelib / "parent-environment.pth").write_text(
        "import site; " + "; ".join(f"site.addsitedir({path!r})" for path in parents) + "\n", encoding="utf-8")
    variables = {name: value for name, value in os.environ.items()
                 if not name.startswith(("APILINT_", "PYTHON", "PIP_"))}
    variables |= {"PYTHONDONTWRITEBYTECODE": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1",
                  "NO_COLOR": "1"}
    project = root / "project"
    project.mkdir()
    (project / "api.yaml").write_text(API, encoding="utf-8")
    environment = Environment(Path(builder.context.env_exe), example, project, variables)
    installed = environment.run("-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "-q",
                                str(example))
    hint = ("\nBuilding offline uses this environment's setuptools, which needs to be 70.1 or newer "
            "(pip install 'setuptools>=70.1') to build wheels without the wheel package."
            if "bdist_wheel" in installed.stderr else "")
    assert installed.returncode == 0, installed.stdout + installed.stderr + hint
    return environment


def test_a_document_is_linted_with_the_plugins_rules_and_fails_on_its_error(acme: Environment) -> None:
    outcome = acme.apilint("lint", "api.yaml")
    assert outcome.returncode == 1, outcome.stdout + outcome.stderr
    assert ("api.yaml:8:5: error acme:https-servers Server URL 'http://api.acme.example/orders/v1' is not an "
            "https:// URL; ACME APIs are served over HTTPS only. [ACME-SEC-1]") in outcome.stdout.splitlines()
    # The plugin's ruleset is a default one: installed, its rules run beside the oas ruleset's.
    assert "api.yaml:2:1: error acme:info-team `x-acme-team` is missing" in outcome.stdout
    assert "warn acme:paginated-collections GET /orders returns a list" in outcome.stdout
    assert outcome.stderr == ""


def test_the_plugins_ruleset_runs_by_name_and_its_standard_by_id(acme: Environment) -> None:
    by_ruleset = acme.apilint("lint", "-f", "json", "--ruleset", "acme", "api.yaml")
    assert by_ruleset.returncode == 1, by_ruleset.stderr
    found = {(finding["rule"], finding["pointer"]) for finding in json.loads(by_ruleset.stdout)["findings"]}
    assert found == {("acme:https-servers", "/servers/0/url"), ("acme:info-team", "/info"),
                     ("acme:paginated-collections", "/paths/~1orders/get")}
    conformance = acme.apilint("conformance", "--standard", "acme-api", "api.yaml")
    assert conformance.returncode == 1, conformance.stdout + conformance.stderr
    assert "ACME-SEC-1" in conformance.stdout and "not checkable" in conformance.stdout


def test_its_rules_are_listed_exactly_like_built_in_ones(acme: Environment) -> None:
    outcome = acme.apilint("rules")
    assert outcome.returncode == 0, outcome.stderr
    columns = re.compile(r"^(\S+)\s+(error|warn|info|hint)\s+(\S+)\s+(.+)$")
    lines = {match[1]: match for line in outcome.stdout.splitlines() if (match := columns.match(line))}
    acme_rules = {rule_id for rule_id in lines if rule_id.startswith("acme:")}
    assert acme_rules == {"acme:https-servers", "acme:info-team", "acme:paginated-collections", "acme:path-shape",
                          "acme:problem-details"}
    own, builtin = lines["acme:https-servers"], lines["info-contact"]
    assert (own[2], own[3], own[4]) == ("error", "acme", "Every server URL must be an https:// URL.")
    assert builtin[3] == "oas"
    assert [own.start(group) for group in (2, 3)] == [builtin.start(group) for group in (2, 3)]


def test_a_rule_of_the_plugin_is_documented_like_a_built_in_one(acme: Environment) -> None:
    outcome = acme.apilint("rule", "acme:https-servers")
    assert outcome.returncode == 0, outcome.stderr
    builtin = acme.apilint("rule", "info-contact")

    def labels(text: str) -> list[str]:
        return [line.split(":")[0] for line in text.splitlines() if re.match(r"^[A-Z][a-z]+( [a-z]+)?:(\s|$)", line)]

    assert labels(outcome.stdout) == [*labels(builtin.stdout)[:-1], "Standard clause", "More"]
    assert outcome.stdout.startswith("acme:https-servers\n==================\n")
    assert re.search(r"^From:\s+acme$", outcome.stdout, re.MULTILINE)
    assert re.search(r"^Severity:\s+error$", outcome.stdout, re.MULTILINE)
    assert "    servers:\n      - url: http://api.acme.example/orders/v1" in outcome.stdout
    assert "Standard clause: ACME-SEC-1" in outcome.stdout
    assert "More: https://guidelines.acme.example/api/1.0#acme-sec-1" in outcome.stdout


def test_apilint_plugins_lists_what_the_plugin_registers(acme: Environment) -> None:
    outcome = acme.apilint("plugins")
    assert outcome.returncode == 0, outcome.stderr
    assert outcome.stdout.startswith(
        "acme (apilint-acme 1.0.0)\n"
        "  rules (3): acme:https-servers, acme:paginated-collections, acme:problem-details\n"
        "  functions (1): acmePathShape\n"
        "  rulesets (1): acme\n"
        "  standards (1): acme-api@1.0.0\n")


def test_the_examples_own_tests_pass_with_apilint_testing(acme: Environment) -> None:
    outcome = acme.run("-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=acme.example)
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    assert re.search(r"^\d+ passed in ", outcome.stdout, re.MULTILINE), outcome.stdout
    cases = sum(len(re.findall(r"^- name:", path.read_text(encoding="utf-8"), re.MULTILINE))
                for path in (acme.example / "tests" / "cases").glob("*.yaml"))
    assert f"{cases + 1} passed" in outcome.stdout
