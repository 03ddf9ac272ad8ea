"""Point sets drawn around the declared scheme, every parent's budget kept.

Two ways to perturb the points of a scheme:

- :class:`Range`: a node is worth any number of points in ``[low, high]``, drawn
  uniformly.  Its siblings that are not varied absorb the difference pro rata to
  their declared points, so the parent keeps its budget and the varied node stays in
  its range.  When every sibling is varied (or the varied ones would exceed the
  budget), the parent's children are scaled together to the budget instead, so a
  drawn value may then end a little outside its range;
- :class:`Dirichlet`: the split of a parent among its children is drawn from a
  Dirichlet distribution centred on the declared split: shares
  ``~ Dirichlet(concentration × declared shares)``.  A larger ``concentration``
  keeps the draws closer to the declared split (the standard deviation of a share
  ``s`` is about ``sqrt(s (1 − s) / concentration)``).

A node whose points change passes the change on to its subtree pro rata (a level
worth 55 instead of 50 makes each of its indicators worth 10 % more, unless they are
varied too), so every parent's children always add up to the parent's points, and
the top tier to the scheme's total.  The children of a pool keep each unit's split:
the pool's points in a set scale the split.

A :class:`PointSampler` turns draws into *factors*: per set and leaf, the leaf's
points in the set over its declared points, what
:meth:`govperf.scoring.BatchScorer.outcome` takes.  Draws come from a
``numpy.random.Generator``, so a seed reproduces them exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from attrs import field, frozen

from ..exceptions import DataError, Problem, msg
from ..scoring._compile import CompiledScheme

__all__ = ["Dirichlet", "Draws", "Perturbation", "PointSampler", "Range"]


@frozen
class Range:
    """A node worth any number of points from ``low`` to ``high`` (drawn uniformly)."""

    node: str
    """The node's id (any tier; not a child of a pool)."""
    low: float
    """The least points the node may be worth."""
    high: float
    """The most points the node may be worth; ``low == high`` fixes the points."""

    @classmethod
    def relative(cls, scheme: CompiledScheme, node: str, share: float) -> Range:
        """The node's declared points ± ``share`` of them (``0.2``: ± 20 %)."""
        points = scheme.scheme.node(node).points or 0.0
        return cls(node, points * (1 - share), points * (1 + share))


@frozen
class Dirichlet:
    """The split of ``node``'s points among its children, drawn around the declared split."""

    node: str | None
    """The parent whose children are re-split; ``None``: the top tier (the total)."""
    concentration: float = field(default=100.0)
    """How tightly the draws stay around the declared split (larger: tighter)."""


Perturbation = Range | Dirichlet
"""One perturbation of the scheme's points (a factor of the sensitivity analysis)."""

Draws = list[np.ndarray]
"""One array per perturbation: (K,) points for a range, (K, children) shares for a
Dirichlet."""


class PointSampler:
    """Draw point sets for ``perturbations`` of ``compiled``; validate them first.

    Raises :class:`~govperf.DataError` listing every bad perturbation at once (an
    unknown node, a child of a pool, a range outside ``[0, parent's points]``, a
    node varied twice, a concentration that is not positive).
    """

    def __init__(
        self, compiled: CompiledScheme, perturbations: Sequence[Range | Dirichlet]
    ) -> None:
        self.compiled = compiled
        self.perturbations = tuple(perturbations)
        scheme = compiled.scheme
        parent = compiled.node_parent
        self._declared = np.asarray(compiled.node_max, dtype=float)
        self._top = np.asarray(compiled.top_nodes, dtype=np.int64)
        n_nodes = len(compiled.node_ids)
        # each node's declared share of its parent (the top tier: of the total)
        budget = np.array(
            [
                scheme.total_points if parent[i] < 0 else self._declared[parent[i]]
                for i in range(n_nodes)
            ]
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            self._shares = np.where(budget > 0, self._declared / budget, 0.0)
        self._budget = budget
        kids: dict[int, list[int]] = {}
        for i in range(n_nodes):
            kids.setdefault(int(parent[i]), []).append(i)
        self._children: dict[int, np.ndarray] = {
            p: np.array(c, dtype=np.int64) for p, c in kids.items()
        }
        pools = set(compiled.pools)
        self._pools = pools
        problems: list[Problem] = []
        varied: dict[int, int] = {}
        resplit: set[int] = set()

        def bad(k: int, key: str, what: str, code: str = "invalid", **values: object) -> None:
            problems.append(
                Problem(
                    msg=msg(f"robust.p.{what}", **values),
                    path=("perturbations", k, key),
                    code=code,
                    file="robustness",
                )
            )

        self._ranges: list[tuple[int, int]] = []  # (perturbation index, node position)
        self._dirichlets: list[tuple[int, int]] = []  # (perturbation index, parent; -1: top)
        for k, p in enumerate(self.perturbations):
            if isinstance(p, Range):
                pos = compiled.node_index.get(p.node)
                if pos is None:
                    bad(k, "node", "no_node", "unknown-node", node=p.node, scheme=scheme.id)
                    continue
                name = f"{scheme.node(p.node).name} [{p.node}]"
                if int(parent[pos]) in pools:
                    bad(k, "node", "pooled_child", name=name)
                    continue
                if not (np.isfinite(p.low) and np.isfinite(p.high)) or not 0 <= p.low <= p.high:
                    bad(k, "low", "range", name=name, low=f"{p.low:g}", high=f"{p.high:g}")
                    continue
                if p.high > budget[pos] + 1e-9:
                    bad(
                        k,
                        "high",
                        "too_high",
                        name=name,
                        high=f"{p.high:g}",
                        budget=f"{budget[pos]:g}",
                    )
                    continue
                if len(self._children[int(parent[pos])]) < 2:
                    bad(k, "node", "no_sibling", name=name)
                    continue
                if pos in varied:
                    bad(k, "node", "twice", name=name, other=varied[pos])
                    continue
                varied[pos] = k
                self._ranges.append((k, pos))
            else:
                if p.node is None:
                    pos = -1
                    name = "total"
                else:
                    found = compiled.node_index.get(p.node)
                    if found is None:
                        bad(k, "node", "no_node", "unknown-node", node=p.node, scheme=scheme.id)
                        continue
                    pos = found
                    name = f"{scheme.node(p.node).name} [{p.node}]"
                    if pos not in self._children:
                        bad(k, "node", "no_children", name=name)
                        continue
                    if pos in pools:
                        bad(k, "node", "pool", name=name)
                        continue
                if not (np.isfinite(p.concentration) and p.concentration > 0):
                    bad(k, "concentration", "concentration", name=name)
                    continue
                if pos in resplit:
                    bad(k, "node", "resplit_twice", name=name)
                    continue
                resplit.add(pos)
                self._dirichlets.append((k, pos))
        for k, pos in self._ranges:
            if int(parent[pos]) in resplit:
                bad(k, "node", "both", node=compiled.node_ids[pos])
        if problems:
            raise DataError(problems, source="robustness")

    @property
    def n_factors(self) -> int:
        """The number of perturbations (factors of a sensitivity analysis)."""
        return len(self.perturbations)

    def draw(self, rng: np.random.Generator, k: int) -> Draws:
        """``k`` independent draws of every perturbation, in order."""
        out: Draws = []
        for p in self.perturbations:
            if isinstance(p, Range):
                out.append(rng.uniform(p.low, p.high, k) if p.high > p.low else np.full(k, p.low))
            else:
                pos = -1 if p.node is None else self.compiled.node_index[p.node]
                kids = self._children[pos]
                alpha = p.concentration * self._shares[kids]
                shares = np.zeros((k, len(kids)))
                live = alpha > 0
                if live.any():
                    shares[:, live] = rng.dirichlet(alpha[live], k)
                out.append(shares)
        return out

    def node_points(self, draws: Draws, k: int = 1) -> np.ndarray:
        """Every node's points in each set, shape (K, nodes), from ``draws`` (``k`` sets
        of the declared points when there are no perturbations)."""
        k = len(draws[0]) if draws else k
        shares = np.broadcast_to(self._shares, (k, len(self._shares))).copy()
        by_parent: dict[int, list[tuple[int, np.ndarray]]] = {}
        for i, pos in self._ranges:
            values = draws[i]
            by_parent.setdefault(int(self.compiled.node_parent[pos]), []).append((pos, values))
        for parent, items in by_parent.items():
            kids = self._children[parent]
            budget = self._budget[kids[0]]
            fixed = np.setdiff1d(kids, [pos for pos, _ in items])
            for pos, values in items:
                shares[:, pos] = values / budget if budget > 0 else 0.0
            taken = shares[:, [pos for pos, _ in items]].sum(axis=1)
            rest = 1.0 - taken
            declared_rest = self._shares[fixed].sum()
            absorb = (rest >= -1e-12) & (declared_rest > 0)
            if len(fixed):
                scale = np.where(absorb, np.maximum(rest, 0.0) / max(declared_rest, 1e-300), 1.0)
                shares[:, fixed] = self._shares[fixed][None, :] * scale[:, None]
            whole = shares[:, kids].sum(axis=1)
            renorm = ~absorb & (whole > 0)
            shares[np.ix_(renorm, kids)] /= whole[renorm, None]
        for i, pos in self._dirichlets:
            shares[:, self._children[pos]] = draws[i]
        points = np.empty_like(shares)
        total = float(self.compiled.scheme.total_points)
        parents = self.compiled.node_parent
        for i in range(len(self._shares)):  # parents come before their children
            up = int(parents[i])
            points[:, i] = (total if up < 0 else points[:, up]) * shares[:, i]
            if up in self._pools:
                points[:, i] = np.nan
        return points

    def factors(self, draws: Draws, k: int = 1) -> np.ndarray:
        """Each leaf's points over its declared points, shape (K, leaves)."""
        points = self.node_points(draws, k)
        compiled = self.compiled
        leaves = np.asarray(compiled.leaf_nodes, dtype=np.int64)
        declared = self._declared[leaves]
        parent = np.asarray(compiled.node_parent, dtype=np.int64)[leaves]
        out = np.ones((len(points), len(leaves)))
        for j, (pos, dec, par) in enumerate(zip(leaves, declared, parent, strict=True)):
            if int(par) in self._pools:
                out[:, j] = points[:, par] / self._declared[par]
            elif dec > 0:
                out[:, j] = points[:, pos] / dec
        out[np.abs(out - 1.0) < 1e-12] = 1.0
        return out
