"""Built-in rules, one module per kind: ``bonus``, ``deduction``, ``veto``, ``grade``, ``exclude``.

They are registered through govperf's own ``govperf.rules`` entry points, exactly
like a third-party rule, and imported only when a scheme names them.
"""

__all__: list[str] = []
