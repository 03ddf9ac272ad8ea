"""Built-in evaluators, one module per kind: ``direct``, ``raters``, ``survey``,
``target_challenge``, ``bands``, ``piecewise``, ``deduction``, ``rank``, ``rate``,
``min_max``, ``efficacy_coefficient``, ``z_score`` and ``goalposts``.

They are registered through govperf's own ``govperf.evaluators`` entry points,
exactly like a third-party evaluator, and imported only when a scheme names them.
"""

__all__: list[str] = []
