"""Plugin registries over ``importlib.metadata`` entry points.

Evaluators are found in the ``govperf.evaluators`` group and rules in
``govperf.rules``.  govperf registers its own built-ins through the same entry points
as any third-party package.  A registry keeps the :class:`EntryPoint` objects and
imports nothing until :meth:`Registry.get` is called for a name; a scheme file can
only name a plugin, never a module, so it cannot make govperf import arbitrary code.
"""

from __future__ import annotations

import threading
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from .exceptions import PluginError, PluginLoadError

__all__ = ["Registry", "evaluators", "rules"]


def _dist_name(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return dist.name if dist is not None else "<unknown distribution>"


class Registry:
    """Named plugins of one entry-point group, resolved lazily.

    ``names()`` reads only package metadata; ``get(name)`` imports the plugin on first
    use and caches it.  Objects registered with :meth:`register` (for example in a
    test or a notebook) take part exactly like entry points, including the duplicate
    check.
    """

    def __init__(self, group: str, what: str) -> None:
        self.group = group
        self.what = what
        self._eps: dict[str, list[EntryPoint]] | None = None
        self._local: dict[str, Any] = {}
        self._loaded: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _entry_points(self) -> dict[str, list[EntryPoint]]:
        if self._eps is None:
            found: dict[str, list[EntryPoint]] = {}
            seen: set[tuple[str, str, str]] = set()
            for ep in entry_points(group=self.group):
                key = (ep.name, _dist_name(ep), ep.value)
                if key in seen:  # the same distribution seen twice on sys.path
                    continue
                seen.add(key)
                found.setdefault(ep.name, []).append(ep)
            self._eps = found
        return self._eps

    def names(self) -> list[str]:
        """Every registered name, sorted; imports nothing."""
        return sorted(set(self._entry_points()) | set(self._local))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name in self._local or name in self._entry_points())

    def register(self, name: str, plugin: Any) -> None:
        """Register an object under ``name`` in this process (no entry point needed)."""
        if name in self:
            raise PluginError(f"{self.what} {name!r} is already registered ({self.describe(name)})")
        self._local[name] = plugin

    def unregister(self, name: str) -> None:
        """Remove a name added with :meth:`register`."""
        self._local.pop(name, None)
        self._loaded.pop(name, None)

    def describe(self, name: str) -> str:
        """Who provides ``name``: distributions and targets."""
        parts = [f"{_dist_name(ep)} ({ep.value})" for ep in self._entry_points().get(name, [])]
        if name in self._local:
            parts.append("registered in this process")
        return ", ".join(parts) or "nobody"

    def check(self, name: str) -> str | None:
        """Why ``name`` cannot be used (unknown or claimed twice), or ``None`` if it can.

        Imports nothing.
        """
        eps = self._entry_points().get(name, [])
        claims = len(eps) + (name in self._local)
        if claims == 0:
            known = ", ".join(self.names()) or "none"
            return f"no installed plugin provides the {self.what} {name!r} (known: {known})"
        if claims > 1:
            return (
                f"the {self.what} {name!r} is claimed by more than one plugin: "
                f"{self.describe(name)}; uninstall one of them"
            )
        return None

    def get(self, name: str) -> Any:
        """Load and return the plugin called ``name``.

        Raises :class:`PluginError` when no plugin or more than one claims the name,
        and :class:`PluginLoadError` when importing it fails.
        """
        with self._lock:
            if name in self._loaded:
                return self._loaded[name]
            problem = self.check(name)
            if problem is not None:
                raise PluginError(problem)
            if name in self._local:
                obj = self._local[name]
            else:
                (ep,) = self._entry_points()[name]
                try:
                    obj = ep.load()
                except Exception as exc:
                    raise PluginLoadError(
                        f"the {self.what} {name!r} from distribution {_dist_name(ep)!r} "
                        f"({ep.value}) failed to load: {type(exc).__name__}: {exc}"
                    ) from exc
            self._loaded[name] = obj
            return obj

    def refresh(self) -> None:
        """Forget what was read from package metadata (after installing a plugin)."""
        with self._lock:
            self._eps = None
            self._loaded = {k: v for k, v in self._loaded.items() if k in self._local}


evaluators = Registry("govperf.evaluators", "evaluator")
"""Scoring methods of sub-indicators, by name."""

rules = Registry("govperf.rules", "rule")
"""Bonus, deduction, veto, grade and exclusion rules, by name."""
