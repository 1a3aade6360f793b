"""Reviewing a sheet in a local page, one row at a time, keyboard first: ``spacegraph review SHEET``.

:class:`~spacegraph.workflows.review.session.ReviewSession` holds the sheet and writes each decision to it
at once; :func:`~spacegraph.workflows.review.server.serve_review` serves the page.
"""

from ...core._lazy import attach

_EXPORTS = {"ReviewSession": ".session", "EDITABLE": ".session", "ReviewServer": ".server", "serve_review": ".server"}
__getattr__, __dir__, __all__ = attach(__name__, _EXPORTS)
