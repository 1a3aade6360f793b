"""What the whole suite shares, the doctests under src/ included; the tests' own fixtures are in tests/conftest.py."""

import os
import tempfile

import pytest
from _pytest.doctest import DoctestItem

# OpenBLAS's threads wait for each other by spinning: on a busy 2-core machine, learning the ingest
# models (scikit-learn's L-BFGS) took ten times as long with two threads as with one. Set before numpy
# is imported; the commands the tests start inherit it.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

#: Doctests that build or learn the ingest models (a second or more each): out of the quick loop, like a test marked slow.
SLOW_DOCTESTS = {
    "spacegraph.workflows.build.build",
    "spacegraph.ingest.learning.train_model",
    "spacegraph.workflows.curate",
    "spacegraph.workflows.curate.ingest",
    "spacegraph.workflows.curate.Ingester.ingest",
    "spacegraph.workflows.curate.refresh",
    "spacegraph.workflows.curate.accept",
    "spacegraph.workflows.review.session.ReviewSession",
    "spacegraph.core._shortcuts.matplotlib_unused",  # a new interpreter that imports igraph
}
#: Doctests that start an Oxigraph or spacegraph server process: slow, and marked server, like such a test.
SERVER_DOCTESTS = {"spacegraph.sparql.server.serve"}


def pytest_collection_modifyitems(items):
    for item in items:
        if isinstance(item, DoctestItem) and item.name in SLOW_DOCTESTS | SERVER_DOCTESTS:
            item.add_marker(pytest.mark.slow)
        if isinstance(item, DoctestItem) and item.name in SERVER_DOCTESTS:
            item.add_marker(pytest.mark.server)


@pytest.fixture(scope="session")
def kg():
    """The project's graph, loaded once for the session; a test or doctest that uses it only reads it."""
    import spacegraph

    return spacegraph.load()


@pytest.fixture(autouse=True)
def _doctest_namespace(request, doctest_namespace):
    """A doctest finds the session's graph as ``kg``, and its temporary folders go where pytest cleans up."""
    if not isinstance(request.node, DoctestItem):
        return
    doctest_namespace["kg"] = request.getfixturevalue("kg")
    request.getfixturevalue("monkeypatch").setattr(tempfile, "tempdir", str(request.getfixturevalue("tmp_path")))
