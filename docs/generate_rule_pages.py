"""Write docs/rules/: one page per installed built-in rule, from the rules' own metadata.

    python docs/generate_rule_pages.py

The test suite checks that the pages are current, so a change to a rule's metadata comes with
its regenerated page.
"""

from __future__ import annotations

import sys
from pathlib import Path

from apilint.plugin_host import PluginHost
from apilint.rule_docs import render_rule_page
from apilint.rule_selection_builder import SelectionBuilder

RULES_DIR = Path(__file__).parent / "rules"
#: The plugins and rulesets that ship with apilint; pages are generated for their rules only.
BUILT_IN = ("core", "oas")


def pages() -> dict[str, str]:
    """File name -> content for every page, and the index."""
    host = PluginHost()
    host.load_entry_points()
    plugins = host.collect()
    everything = dict(plugins.rules)
    everything.update(SelectionBuilder(plugins, Path.cwd()).select(("oas",)).available)
    rules = sorted((rule for rule in everything.values() if rule.source in BUILT_IN), key=lambda rule: rule.id)
    result = {f"{rule.id.replace(':', '__')}.md": render_rule_page(rule) for rule in rules}
    index = ["# Rules", "", "Generated from each rule's metadata by `docs/generate_rule_pages.py`.", "",
             "`core` rules come from reading and resolving files and always run; `oas` rules form the `oas`",
             "ruleset, whose recommended rules run when no ruleset is configured (see",
             "[the oas ruleset](../oas-ruleset.md)).", "",
             "| rule | from | severity | recommended | summary |", "|---|---|---|---|---|"]
    # The anchor lets a rule's documentationUrl (``README.md#rule-id``) land on its row.
    index += [f'| <a id="{rule.id}"></a>[{rule.id}]({rule.id.replace(":", "__")}.md) | {rule.source} | '
              f'{rule.severity.value} | {"yes" if rule.recommended else "no"} | {rule.summary} |'
              for rule in rules]
    result["README.md"] = "\n".join(index) + "\n"
    return result


def main() -> int:
    RULES_DIR.mkdir(exist_ok=True)
    wanted = pages()
    for stale in RULES_DIR.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    for name, content in wanted.items():
        (RULES_DIR / name).write_text(content, encoding="utf-8")
    print(f"wrote {len(wanted)} files to {RULES_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
