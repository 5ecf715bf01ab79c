"""Reading a configuration file: its keys, checked, with paths resolved against its folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from apilint.config import ConfigError, find_config, read_config
from apilint.severity import Severity


def test_every_run_key_is_read_and_resolved(tmp_path: Path) -> None:
    (tmp_path / "rules.py").write_text("")
    path = tmp_path / ".apilint.yaml"
    path.write_text("standards: nl-adr\nexclude: [vendor/**]\nfail-level: info\nbaseline: base.json\n"
                    "plugins: rules.py\n")
    config = read_config(path, ".apilint.yaml")
    assert config.standards == ("nl-adr",) and config.exclude == ("vendor/**",)
    assert config.fail_level is Severity.INFO and config.baseline == tmp_path / "base.json"
    assert config.plugins == ((tmp_path / "rules.py").resolve(),)
    assert config.layer is None  # no ruleset key: rules come from elsewhere
    assert config.line("/baseline") == 4


def test_a_ruleset_key_makes_the_file_a_layer(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n\n[tool.apilint.rules]\ninfo-contact = "off"\n')
    config = read_config(path, "pyproject.toml")
    assert config.layer is not None and config.layer.data == {"rules": {"info-contact": "off"}}
    assert config.line("/rules/info-contact") == 5


@pytest.mark.parametrize(("pattern", "path", "excluded"), [
    ("vendor/**", "vendor/a/api.yaml", True),
    ("vendor/**", "src/vendor/api.yaml", False),
    ("vendor", "src/vendor/api.yaml", True),
    ("vendor/", "vendor/api.yaml", True),
    ("*.bundled.yaml", "specs/api.bundled.yaml", True),
    ("*.bundled.yaml", "specs/api.yaml", False),
    ("specs/*.yaml", "specs/api.yaml", True),
    ("specs/*.yaml", "specs/v1/api.yaml", False),
    ("./generated", "generated/api.yaml", True),
])
def test_exclude_patterns(tmp_path: Path, pattern: str, path: str, excluded: bool) -> None:
    (tmp_path / ".apilint.yaml").write_text(f"exclude: ['{pattern}']\n")
    config = read_config(tmp_path / ".apilint.yaml", ".apilint.yaml")
    assert config.excludes(tmp_path / path) is excluded
    assert not config.excludes(tmp_path.parent / "elsewhere.yaml")


def test_the_nearest_file_wins_and_pyproject_without_a_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / ".apilint.yml").write_text("fail-level: warn\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'a'\n")
    assert find_config(tmp_path / "a" / "b") == tmp_path / ".apilint.yml"
    (tmp_path / "a" / "pyproject.toml").write_text("[tool.apilint]\nfail-level = 'info'\n")
    assert find_config(tmp_path / "a" / "b") == tmp_path / "a" / "pyproject.toml"


@pytest.mark.parametrize(("text", "line", "words"), [
    ("- a list\n", 1, "must be a mapping"),
    ("baseline: ''\n", 1, "'baseline' must be the path"),
    ("fail-level: warn\nfail-level: info\n", 2, "duplicate"),
    ("standards: {a: 1}\n", 1, "'standards' must be a standard"),
])
def test_bad_files_name_their_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    (tmp_path / ".apilint.yaml").write_text(text)
    with pytest.raises(ConfigError) as raised:
        read_config(tmp_path / ".apilint.yaml", ".apilint.yaml")
    assert raised.value.line == line and words in raised.value.message.lower()
