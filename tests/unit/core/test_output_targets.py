"""Pairing formats with their destinations: ``-f text -f sarif -o sarif=apilint.sarif``."""

from __future__ import annotations

from pathlib import Path

import pytest

from apilint.output_targets import OutputTarget, OutputTargetError, plan_outputs

KNOWN = {"text", "json", "sarif", "junit"}


def test_no_format_means_text_to_standard_output() -> None:
    assert plan_outputs([], [], KNOWN) == [OutputTarget("text", None)]


def test_one_format_takes_a_plain_file_even_one_whose_name_has_an_equals_sign() -> None:
    assert plan_outputs(["sarif"], ["out.sarif"], KNOWN) == [OutputTarget("sarif", Path("out.sarif"))]
    assert plan_outputs(["json"], ["run=3.json"], KNOWN) == [OutputTarget("json", Path("run=3.json"))]
    assert plan_outputs(["json"], ["json=a.json"], KNOWN) == [OutputTarget("json", Path("a.json"))]


def test_several_formats_each_to_its_file_and_one_to_standard_output_in_the_order_given() -> None:
    assert plan_outputs(["text", "sarif", "junit"], ["junit=j.xml", "sarif=s.sarif"], KNOWN) == [
        OutputTarget("text", None), OutputTarget("sarif", Path("s.sarif")), OutputTarget("junit", Path("j.xml"))]


@pytest.mark.parametrize(("formats", "outputs", "complaint"), [
    (["yaml"], [], "unknown format 'yaml'; available formats: json, junit, sarif, text"),
    (["text", "text"], [], "format 'text' is given twice"),
    (["text", "sarif"], [], "formats 'text' and 'sarif' would both write to standard output"),
    (["text", "sarif"], ["out.sarif"], "say which one goes to the file, e.g. --output sarif=out.sarif"),
    (["text"], ["sarif=out.sarif"], "'sarif' is not one of the formats asked for (text); add --format sarif"),
    (["text", "sarif"], ["sarif="], "name the file to write sarif to"),
    (["sarif"], ["sarif=a", "sarif=b"], "format 'sarif' is given two output files"),
    (["json", "sarif"], ["json=same", "sarif=./same"], "formats 'json' and 'sarif' would both write same"),
])
def test_combinations_that_cannot_work_are_refused_saying_how_to_fix_them(
        formats: list[str], outputs: list[str], complaint: str) -> None:
    with pytest.raises(OutputTargetError) as raised:
        plan_outputs(formats, outputs, KNOWN)
    assert complaint in str(raised.value)
