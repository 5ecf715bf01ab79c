"""The progress bar: only for people at a terminal, only for runs long enough to need it."""

from __future__ import annotations

import io

import pytest

from apilint.progress import HANDFUL, ProgressBar, progress_wanted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        if self.closed:  # as a real file does
            raise ValueError("I/O operation on closed file")
        return True


@pytest.mark.parametrize(("total", "stream", "environ", "wanted"), [
    (HANDFUL + 1, Terminal(), {}, True),
    (HANDFUL, Terminal(), {}, False),                       # a handful is over before a bar would help
    (500, io.StringIO(), {}, False),                        # piped or redirected
    (500, Terminal(), {"CI": "true"}, False),               # a CI log keeps every repaint
    (500, Terminal(), {"CI": "false"}, True),
    (500, Terminal(), {"TERM": "dumb"}, False),
])
def test_when_a_bar_is_shown(total: int, stream: io.StringIO, environ: dict[str, str], wanted: bool) -> None:
    assert progress_wanted(total, stream, environ) is wanted


def test_a_closed_stream_gets_no_bar() -> None:
    stream = Terminal()
    stream.close()
    assert not progress_wanted(100, stream, {})


def test_the_bar_repaints_in_place_only_when_it_changes_and_is_erased_at_the_end() -> None:
    stream = Terminal()
    bar = ProgressBar(stream)
    bar.update(0, 120)
    bar.update(0, 120)
    bar.update(60, 120)
    bar.update(120, 120)
    bar.close()
    assert stream.getvalue() == (
        "\r  0/120 [                              ] documents"
        "\r 60/120 [==============>               ] documents"
        "\r120/120 [==============================] documents"
        "\r\x1b[K")
