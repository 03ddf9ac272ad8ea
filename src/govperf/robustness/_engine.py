"""The shared engine of the analyses: one batch scorer per scoring choice, chunks of sets.

Every analysis draws its random inputs up front (small: one number per set and
perturbation), so that the results do not depend on how the sets are chunked, nor
on whether the chunks run here or on dask.  The heavy part, (sets × units) arrays,
is computed chunk by chunk.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
from attrs import field, frozen

from ..data._data import EvaluationData
from ..exceptions import DataError, Problem
from ..scheme._model import Scheme
from ..scoring._compile import CompiledScheme, compile_scheme
from ..scoring._outcomes import BatchScorer, Rounding
from .sampling import Dirichlet, Draws, PointSampler, Range

__all__ = ["Alternative", "Engine"]

_CHUNK_CELLS = 1_000_000
"""Default chunk: about this many (set, unit) cells (8 MB per float array)."""


@frozen
class Alternative:
    """One scoring choice: an alternative scheme, evaluator or rule parameters, or
    missing-data policy; what is not given is the analysis' own."""

    label: str
    """How the choice is named in tables (e.g. ``去掉最高最低分``)."""
    scheme: Scheme | None = None
    """A scheme with the same leaves in the same order (other evaluators, rules)."""
    params: Mapping[str, Any] = field(factory=dict)
    """Overrides ``{rule_or_node_id: {param: value}}`` (:func:`govperf.with_params`)."""
    missing: str | None = None
    """The missing-data policy: ``"error"`` or ``"zero"``."""


def default_chunk(n_units: int) -> int:
    """Sets per chunk so that one (sets × units) float array is about 8 MB."""
    return max(1, _CHUNK_CELLS // max(1, n_units))


class Engine:
    """Batch scorers for the declared scheme and for each alternative, and a sampler."""

    def __init__(
        self,
        scheme: Scheme | CompiledScheme,
        data: EvaluationData | Mapping[str, Any],
        perturbations: Sequence[Range | Dirichlet],
        alternatives: Sequence[Alternative] = (),
        *,
        missing: str = "error",
        rounding: Rounding = "total",
    ) -> None:
        compiled = scheme if isinstance(scheme, CompiledScheme) else compile_scheme(scheme)
        if not isinstance(data, EvaluationData):
            data = EvaluationData.from_dict(data)
        self.compiled = compiled
        self.rounding: Rounding = rounding
        self.nominal = BatchScorer(compiled, data, missing=missing)
        self.sampler = PointSampler(compiled, perturbations)
        self.alternatives = tuple(alternatives)
        problems: list[Problem] = []
        scorers: list[BatchScorer] = []
        for i, alt in enumerate(self.alternatives):
            base = alt.scheme if alt.scheme is not None else compiled.scheme
            if alt.params:
                from ..scheme._params import with_params

                base = with_params(base, alt.params, f"alternatives[{i}].params")
            other = compile_scheme(base)
            if tuple(other.leaf_ids) != tuple(compiled.leaf_ids):
                problems.append(
                    Problem(
                        message=f"alternative {alt.label!r}: its scheme's sub-indicators differ "
                        "from the analysed scheme's (the point sets need the same leaves)",
                        path=("alternatives", i, "scheme"),
                        code="invalid",
                        file="robustness",
                    )
                )
                continue
            scorers.append(BatchScorer(other, data, missing=alt.missing or missing))
        if problems:
            raise DataError(problems, source="robustness")
        self.scorers: tuple[BatchScorer, ...] = tuple(scorers) or (self.nominal,)
        names: list[str] = list(self.nominal.grades)
        for s in self.scorers:
            names += [g for g in s.grades if g not in names]
        self.grades: tuple[str, ...] = tuple(names)
        self._maps = [
            np.array([*(names.index(g) for g in s.grades), -1], dtype=np.int8) for s in self.scorers
        ]

    @property
    def n_units(self) -> int:
        """The number of units."""
        return self.nominal.n_units

    def draw(self, rng: np.random.Generator, k: int) -> tuple[Draws, np.ndarray]:
        """The random inputs of ``k`` sets: the perturbations' draws and the choices."""
        draws = self.sampler.draw(rng, k)
        if len(self.scorers) > 1:
            choice = rng.integers(len(self.scorers), size=k)
        else:
            choice = np.zeros(k, dtype=np.int64)
        return draws, choice

    def evaluate(
        self, draws: Draws, choice: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Ranks (int32, 0 outside the ranking), grade positions (into :attr:`grades`,
        −1 none) and award eligibility of the sets, each (K, units) (award eligibility
        may be of shape (units,): the same in every set)."""
        k = len(choice)
        factors = self.sampler.factors(draws, k)
        n = self.n_units
        if len(self.scorers) == 1:
            out = self.scorers[0].outcome(factors, rounding=self.rounding)
            grade = out.grade if not len(self.grades) else self._maps[0][out.grade]
            return out.rank, grade, out.award_eligible
        rank = np.empty((k, n), dtype=np.int32)
        grade = np.empty((k, n), dtype=np.int8)
        award = np.empty((k, n), dtype=bool)
        for c, scorer in enumerate(self.scorers):
            rows = np.flatnonzero(choice == c)
            if not len(rows):
                continue
            out = scorer.outcome(factors[rows], rounding=self.rounding)
            rank[rows] = out.rank
            grade[rows] = self._maps[c][out.grade]
            award[rows] = out.award_eligible
        return rank, grade, award


def take(draws: Draws, rows: slice | np.ndarray) -> Draws:
    """The draws of some sets."""
    return [d[rows] for d in draws]


def chunks(k: int, size: int) -> list[slice]:
    """``range(k)`` in slices of at most ``size``."""
    return [slice(s, min(k, s + size)) for s in range(0, k, max(1, size))]


@contextmanager
def progress_bar(total: int, enabled: bool | None, desc: str) -> Iterator[Callable[[int], None]]:
    """A tqdm progress bar on stderr when ``enabled`` (``None``: when stderr is a terminal
    and tqdm is installed); yields ``update(n)``, a no-op without a bar."""
    if enabled is None:
        enabled = bool(getattr(sys.stderr, "isatty", lambda: False)())
        if enabled:
            try:
                import tqdm  # noqa: F401
            except ImportError:
                enabled = False
    if not enabled:
        yield lambda _n: None
        return
    from tqdm import tqdm as bar

    with bar(total=total, desc=desc, file=sys.stderr, unit="set", leave=False) as b:
        yield b.update
