"""Reports of an evaluation: feedback per unit (反馈报告) and the summary for the leading group.

Two steps, so that each can be used alone:

1. data, pure and without I/O: :func:`feedback` builds a :class:`Feedback` for one
   unit, :func:`summary` a :class:`Summary` of all units;
2. rendering: :func:`render_feedback` and :func:`render_summary` turn them into one
   self-contained HTML page or one Markdown document, in Chinese (default) or
   English; :func:`write_reports` writes a folder with every unit's report, the
   summary and an index (or one PDF per report), :func:`write_pdf` one PDF of
   them all.  A district's own templates (Jinja2, ``govperf[templates]``) can
   render the pages: :func:`load_templates`.

Plots come from :mod:`govperf.plot` and need matplotlib (``govperf[plot]``); nothing
here imports matplotlib unless plots are asked for.
"""

from __future__ import annotations

from ._diff import render_diff
from ._feedback import Feedback, MethodNote, NodeFigure, NodeKind, SchemeInfo, VetoEvent, feedback
from ._render import Section, render_feedback, render_summary, write_pdf, write_reports
from ._summary import Distribution, Summary, UnitReasons, summary
from ._template import Templates, load_templates

__all__ = [
    "Distribution",
    "Feedback",
    "MethodNote",
    "NodeFigure",
    "NodeKind",
    "SchemeInfo",
    "Section",
    "Summary",
    "Templates",
    "UnitReasons",
    "VetoEvent",
    "feedback",
    "load_templates",
    "render_diff",
    "render_feedback",
    "render_summary",
    "summary",
    "write_pdf",
    "write_reports",
]
