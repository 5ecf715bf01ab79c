"""The ``junit`` format: JUnit XML, which GitLab, Jenkins and most CI servers show as test results.

Every file is a test suite and every rule that ran is a test case in it, so a CI server lists
which rules each file passes::

    <?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="apilint" tests="2" failures="1" errors="0">
      <testsuite name="specs/api.yaml" tests="2" failures="1" errors="0">
        <testcase classname="specs/api.yaml" name="info-contact" />
        <testcase classname="specs/api.yaml" name="operation-id-unique">
          <failure type="error" message="operationId 'listOrders' is also used by GET /orders">14:20 error ...</failure>
        </testcase>
      </testsuite>
    </testsuites>

The files are the documents linted and any other file a finding is in (one pulled in through
``$ref``), by path as shown in ``text``, sorted. A rule with findings in a file fails there: the
failure's ``type`` is the most serious severity among them, its ``message`` the finding's message
(or a count of them), and its text one ``line:col severity message`` line per finding. With a
baseline only new findings fail a rule. A failure of apilint or a plugin is an ``error`` in a test
case named after the tool, in a suite of that name, so the run does not look green.

There are no times or timestamps, so the same run gives the same bytes. Text that XML 1.0 cannot
hold, such as control characters, is written as ``\\xNN`` or ``\\uNNNN`` escapes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from apilint.findings import Finding, ToolError
from apilint.reporting import LintReport
from apilint_reporters.listing import counted, listed_findings, problems
from apilint_reporters.messages import message_line, one_line, visible_controls

# Imported when a JUnit report is written, not by every run that loads the reporters.
if TYPE_CHECKING:
    from xml.etree import ElementTree

__all__ = ["JunitReporter"]

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# What is left outside XML 1.0's character range once control characters are made visible; compiled
# by ``re`` on first use, since the class takes milliseconds to compile and most runs write no JUnit.
_NOT_XML = "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


class JunitReporter:
    """The report as JUnit XML: a test suite per file, a test case per rule."""

    name = "junit"
    description = "JUnit XML with a test case per rule and file, for GitLab, Jenkins and other CI servers."

    def render(self, report: LintReport) -> str:
        from xml.etree import ElementTree

        findings: defaultdict[str, defaultdict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
        for finding in listed_findings(report):
            findings[finding.path][finding.rule_id].append(finding)
        rule_ids = {rule.id for rule in report.rules}
        root = ElementTree.Element("testsuites", name=_xml(report.tool_name))
        suites = [_suite(path, rule_ids, findings[path]) for path in sorted({*report.documents, *findings})]
        if report.tool_errors:
            suites.append(_tool_errors(report.tool_name, report.tool_errors))
        root.extend(suites)
        _count(root)
        ElementTree.indent(root)
        return _DECLARATION + ElementTree.tostring(root, encoding="unicode") + "\n"


def _suite(path: str, rule_ids: set[str], by_rule: dict[str, list[Finding]]) -> ElementTree.Element:
    from xml.etree import ElementTree

    suite = ElementTree.Element("testsuite", name=_xml(path))
    # A finding's rule is listed even if the report does not name it among the rules that ran.
    for rule_id in sorted(rule_ids | set(by_rule)):
        case = ElementTree.SubElement(suite, "testcase", classname=_xml(path), name=_xml(rule_id))
        if rule_id in by_rule:
            case.append(_failure(by_rule[rule_id]))
    _count(suite)
    return suite


def _failure(findings: Sequence[Finding]) -> ElementTree.Element:
    from xml.etree import ElementTree

    worst = min((finding.severity for finding in findings), key=lambda severity: severity.rank)
    message = message_line(findings[0]) if len(findings) == 1 else problems(findings, "problem", "problems")
    failure = ElementTree.Element("failure", type=worst.value, message=_xml(message))
    failure.text = "\n".join(f"{finding.span.start_line}:{finding.span.start_column} {finding.severity.value} "
                             f"{_xml(message_line(finding))}" for finding in findings)
    return failure


def _tool_errors(tool_name: str, errors: Sequence[ToolError]) -> ElementTree.Element:
    from xml.etree import ElementTree

    suite = ElementTree.Element("testsuite", name=_xml(tool_name))
    case = ElementTree.SubElement(suite, "testcase", classname=_xml(tool_name), name=_xml(tool_name))
    message = f"{counted(len(errors), 'tool error', 'tool errors')}; the run is incomplete"
    error = ElementTree.SubElement(case, "error", message=message)
    error.text = "\n".join(_xml(one_line(tool_error.message)) for tool_error in errors)
    _count(suite)
    return suite


def _count(element: ElementTree.Element) -> None:
    """Set ``tests``, ``failures`` and ``errors`` on ``element`` from the test cases in it."""
    cases = list(element.iter("testcase"))
    element.set("tests", str(len(cases)))
    element.set("failures", str(sum(case.find("failure") is not None for case in cases)))
    element.set("errors", str(sum(case.find("error") is not None for case in cases)))


def _xml(text: str) -> str:
    return re.sub(_NOT_XML, lambda match: f"\\u{ord(match.group()):04x}", visible_controls(text))
