from __future__ import annotations

from apilint.cli import main

main()
