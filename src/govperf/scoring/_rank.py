"""Competition ranks on published totals, then the scheme's tie-break nodes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..plugin import RuleState
from ..scheme._sums import published_sums
from ._compile import CompiledScheme

if TYPE_CHECKING:
    pass


def _counting_rank(published: np.ndarray, precision: int) -> np.ndarray | None:
    """Competition ranks (1, 2, 2, 4) of published totals by counting, in O(n + range).

    Published totals are whole multiples of ``10 ** -precision``; as integers their
    range is small (a 100-point scheme at 2 decimals spans about 10,000 values), so a
    histogram replaces the sort.  Returns ``None`` when the range is too wide.
    """
    keys = np.multiply(published, 10.0**precision)
    np.rint(keys, out=keys)
    low, high = float(keys.min()), float(keys.max())
    if not (np.isfinite(low) and np.isfinite(high)):  # NaN or an infinity
        return None
    span = int(high - low) + 1
    if span > 4 * len(keys) + 1_000_000:
        return None
    keys -= low
    codes = keys.astype(np.int64)
    counts = np.bincount(codes, minlength=span)
    # one more than the units strictly above each key value, on the small histogram
    rank_of = (len(keys) + 1 - np.cumsum(counts)).astype(float)
    ranks: np.ndarray = rank_of[codes]
    return ranks


def _rank(
    state: RuleState,
    compiled: CompiledScheme,
    tree: np.ndarray | None,
    leaf: np.ndarray,
) -> RuleState:
    """Rank the units in the ranking: competition ranks on the published total
    (:meth:`RuleState.published_total`), then on the tie-break nodes (any node of the
    tree, its published points: the sum of its published leaves), best first.

    With ``scoring.within_groups`` each unit group is ranked on its own (every group
    has its rank 1).  ``tree`` holds every node's points when they are not plain sums.
    """
    from attrs import evolve

    prec = state.precision
    keys = [state.published_total()]
    sch = compiled.scheme
    if sch.scoring.tie_break:
        published = published_sums(compiled, leaf, prec, tree)
        for node_id in sch.scoring.tie_break:
            keys.append(published[:, compiled.node_index[node_id]])
    rank = np.full(state.n_units, np.nan)
    if compiled.within_groups:
        codes = compiled.group_codes(state.groups)
        for g in range(len(compiled.group_ids)):
            members = np.flatnonzero(state.ranked & (codes == g))
            _rank_members(rank, keys, members, prec)
        return evolve(state, rank=rank)
    all_ranked = bool(state.ranked.all())
    _rank_members(rank, keys, None if all_ranked else np.flatnonzero(state.ranked), prec)
    return evolve(state, rank=rank)


def _within_groups(compiled: CompiledScheme) -> bool:
    return bool(compiled.group_ids) and bool(
        getattr(compiled.scheme.scoring, "within_groups", False)
    )


def _rank_members(
    rank: np.ndarray, keys: list[np.ndarray], members: np.ndarray | None, prec: int
) -> None:
    """Write the competition ranks of ``members`` (all units if ``None``) into ``rank``."""
    count = len(rank) if members is None else len(members)
    if not count:
        return
    if len(keys) == 1:
        rank_values = keys[0] if members is None else keys[0][members]
        ranks = _counting_rank(rank_values, prec)
        if ranks is not None:
            if members is None:
                rank[:] = ranks
            else:
                rank[members] = ranks
            return
    idx = np.arange(len(rank)) if members is None else members
    sub = [np.nan_to_num(k[idx], nan=-np.inf) for k in keys]
    order = np.lexsort(tuple(-k for k in reversed(sub)))
    differs = np.zeros(len(order), dtype=bool)
    differs[0] = True
    for k in sub:
        ks = k[order]
        differs[1:] |= ks[1:] != ks[:-1]
    start = np.where(differs, np.arange(len(order)), 0)
    start = np.maximum.accumulate(start)
    r = np.empty(len(order))
    r[order] = start + 1
    rank[idx] = r
