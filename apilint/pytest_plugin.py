"""apilint's pytest plugin: the ``--apilint-update-cases`` option of :mod:`apilint.testing`.

pytest loads it through the ``pytest11`` entry point in every environment where apilint is
installed, so it does nothing but add the option and remember whether it was given; the
testing kit itself is imported only by the tests that use it.
"""

from __future__ import annotations

import pytest

__all__ = ["pytest_addoption", "pytest_configure", "pytest_unconfigure", "update_requested"]

_OPTION = "--apilint-update-cases"
# A stack rather than a flag: pytest can run inside pytest (pytester), each run with its own options.
_requested: list[bool] = []


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("apilint").addoption(
        _OPTION, action="store_true", default=False,
        help="rewrite the findings of apilint rule cases that fail to what their rules report now "
             "(also: APILINT_UPDATE_CASES=1)",
    )


def pytest_configure(config: pytest.Config) -> None:
    _requested.append(bool(config.getoption(_OPTION)))


def pytest_unconfigure(config: pytest.Config) -> None:
    if _requested:
        _requested.pop()


def update_requested() -> bool:
    """Whether the running pytest was given ``--apilint-update-cases``."""
    return bool(_requested) and _requested[-1]
