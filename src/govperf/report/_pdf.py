"""HTML reports to PDF with WeasyPrint (the optional extra ``govperf[pdf]``).

WeasyPrint is a maintained HTML-to-PDF engine that follows the reports' print
stylesheet (A4 pages, margins, the page footer, headings kept with what follows,
figures never split, table headers repeated) and draws their SVG charts with the
text as text.  It needs the system's Pango library (Debian and Ubuntu:
``libpango-1.0-0 libpangoft2-1.0-0``) and a CJK font for the Chinese
(``fonts-noto-cjk``).  It is imported only when a PDF is asked for; without it (or
without Pango) an :class:`ImportError` names the extra.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from typing import Any

from .._labels import label

__all__ = ["pdf_bytes"]


def _weasyprint() -> Any:
    try:
        import weasyprint
        import weasyprint.urls
    except (ImportError, OSError) as exc:  # OSError: Pango or its friends not found
        raise ImportError(label("report.pdf_missing", "en")) from exc
    return weasyprint


def _data_only(weasyprint: Any) -> Any:
    """A URL fetcher for ``data:`` URIs only: a report (or a district's template)
    never makes the PDF engine read a file or the network.

    WeasyPrint 66 and later take a :class:`weasyprint.urls.URLFetcher` with its
    allowed protocols; earlier versions take a function.
    """
    fetcher_class = getattr(weasyprint.urls, "URLFetcher", None)
    if fetcher_class is not None:
        return fetcher_class(allowed_protocols={"data"})

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
        if not url.startswith("data:"):
            raise ValueError(f"govperf reports load nothing from elsewhere: {url[:80]}")
        return weasyprint.default_url_fetcher(url, *args, **kwargs)

    return fetch


def pdf_bytes(pages: Sequence[str]) -> tuple[bytes, int]:
    """One PDF of the HTML ``pages``, in order, each starting on a new page, and its
    number of pages.

    Each page is laid out on its own (its footer counts its own pages), then the
    pages are joined.  The reports load nothing from elsewhere: only ``data:`` URIs
    are fetched (the charts), never a file or the network.  WeasyPrint's log
    (unsupported CSS properties of the screen stylesheet) is kept off the user's
    terminal.
    """
    weasyprint = _weasyprint()
    log = logging.getLogger("weasyprint")
    level, propagate = log.level, log.propagate
    log.setLevel(logging.ERROR)
    log.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            documents = [
                weasyprint.HTML(string=page, url_fetcher=_data_only(weasyprint)).render()
                for page in pages
            ]
    finally:
        log.setLevel(level)
        log.propagate = propagate
    every = [p for document in documents for p in document.pages]
    data: bytes = documents[0].copy(every).write_pdf()
    return data, len(every)
