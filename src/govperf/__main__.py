"""``python -m govperf``: the same command line as the ``govperf`` script."""

from __future__ import annotations

from .cli._main import main

__all__: list[str] = []

if __name__ == "__main__":
    raise SystemExit(main())
