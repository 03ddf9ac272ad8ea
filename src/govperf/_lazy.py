"""numpy on first use, for the modules that ``govperf validate`` imports.

Validating a scheme needs the plugins' parameter classes, which live beside their
array code; importing numpy for them would cost more than the rest of the command.
A module binds ``np`` like this::

    if TYPE_CHECKING:
        import numpy as np
    else:
        np = lazy_numpy(globals())

The first attribute read (``np.zeros``) imports numpy and puts the real module in the
module's namespace in place of the stand-in, so every later use is a plain global
lookup, with no cost left.
"""

from __future__ import annotations

from typing import Any

__all__ = ["lazy_numpy"]


class _LazyNumpy:
    """Stands for numpy in one module's namespace until numpy is first used there."""

    __slots__ = ("_namespace",)

    def __init__(self, namespace: dict[str, Any]) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> Any:
        import numpy

        self._namespace["np"] = numpy
        return getattr(numpy, name)

    def __repr__(self) -> str:
        return "<numpy, imported on first use>"


def lazy_numpy(namespace: dict[str, Any]) -> Any:
    """A stand-in for ``numpy`` to bind as ``np`` in ``namespace`` (a module's globals)."""
    return _LazyNumpy(namespace)
