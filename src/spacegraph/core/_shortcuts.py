"""The few places spacegraph leans on another library's internals or on process-wide state.

Each is one function here, measured to be worth it, and tested in
``tests/test_shortcuts.py`` so that an upstream change that breaks it fails a
test instead of a user's run.
"""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    import networkx as nx
    import pyoxigraph

__all__ = ["collector_paused", "multidigraph_in_bulk", "vis_network_assets", "query_with_bindings", "binds_with_values", "binds_inline",
           "english_stop_words",
           "matplotlib_unused"]


class EdgeItems(Protocol):
    """What :func:`multidigraph_in_bulk` reads of its edges: ``((u, v, key), attributes)`` pairs (a dict, or a flat list's view)."""

    def items(self) -> Iterable[tuple[tuple[str, str, str], dict[str, Any]]]:
        """Return the pairs."""
        ...


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector inside the block; restore its state after.

    A projection allocates a few objects per triple and frees none of them
    while it runs: the collector would only rescan them, again and again (a
    third of the time at a million triples). Reference counting still frees
    what is dropped.

    Examples
    --------
    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def multidigraph_in_bulk(nodes: Mapping[str, dict[str, Any]], edges: EdgeItems, **graph_attributes: Any) -> nx.MultiDiGraph[str]:
    """Return a ``networkx.MultiDiGraph`` of ``{node: attributes}`` and ``{(u, v, key): attributes}``.

    Equal to ``add_nodes_from`` then ``add_edge`` for each edge, but it fills
    NetworkX's adjacency dictionaries (``_node``, ``_succ``, ``_pred``)
    directly, once per edge: ``add_edge`` checks and copies each edge's
    attributes, which doubles the projection's build time at a million
    triples. Every edge end must be in ``nodes``; the attribute dictionaries
    are used as given, not copied.

    Examples
    --------
    >>> G = multidigraph_in_bulk({"a": {}, "b": {}}, {("a", "b", "k"): {"w": 1}}, name="g")
    >>> list(G.edges(keys=True, data=True)), G.graph
    ([('a', 'b', 'k', {'w': 1})], {'name': 'g'})
    """
    import networkx as nx

    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(**graph_attributes)
    # NetworkX's own adjacency dictionaries, which its stubs leave out: the shortcut tests/test_shortcuts.py checks
    G._node.update(nodes)  # type: ignore[attr-defined]
    succ, pred = G._succ, G._pred  # type: ignore[attr-defined]
    for node in nodes:
        succ[node] = {}
        pred[node] = {}
    for (u, v, key), data in edges.items():
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = {}
        keys[key] = data
    return G


#: The vis-network release pyvis (pinned in ``pyproject.toml``) bundles, which the explorer page inlines:
#: the one place it is named; ``tests/test_shortcuts.py`` checks the files and the manual against it.
VIS_NETWORK = "9.1.2"


def vis_network_assets() -> tuple[str, str]:
    """Return ``(javascript, css)`` of the vis-network library that pyvis ships in its package folder.

    The explorer inlines them, so that the page works offline.

    Examples
    --------
    >>> javascript, css = vis_network_assets()
    >>> "vis" in javascript and ".vis-network" in css
    True
    """
    import pyvis

    folder = Path(pyvis.__file__).parent / "lib" / f"vis-{VIS_NETWORK}"
    return ((folder / "vis-network.min.js").read_text(encoding="utf-8"),
            (folder / "vis-network.css").read_text(encoding="utf-8"))


#: How Oxigraph words its refusal to substitute a variable the query does not project.
NOT_PROJECTED = "does not contain"


def binds_with_values(text: str) -> bool:
    """Whether a query asks for its parameters as a ``VALUES`` block, by a ``# bind: values`` line of its own.

    Examples
    --------
    >>> binds_with_values("# param: actor entity  The actor.\\n# bind: values\\nSELECT ...")
    True
    >>> binds_with_values("SELECT ?s WHERE { ?s ?p '# bind: values' }")
    False
    """
    import re

    return re.search(r"^#[ \t]*bind:[ \t]*values[ \t]*$", text, re.MULTILINE) is not None


def binds_inline(text):
    """Whether a query asks for its parameters written into its text, by a ``# bind: inline`` line of its own.

    Examples
    --------
    >>> binds_inline("# param: text text  What to look for.\\n# bind: inline\\nSELECT ...")
    True
    >>> binds_inline("SELECT ?s WHERE { ?s ?p '# bind: inline' }")
    False
    """
    import re

    return re.search(r"^#[ \t]*bind:[ \t]*inline[ \t]*$", text, re.MULTILINE) is not None


def query_with_bindings(store: pyoxigraph.Store, text: str, prefixes: dict[str, str],
                        substitutions: Mapping[str, pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal],
                        with_values: Callable[[], str],
                        ) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples:
    """Run ``text`` on a pyoxigraph ``store`` with ``substitutions`` (``{name: pyoxigraph term}``); return Oxigraph's answer.

    ``with_values()`` returns the text with the bindings as a ``VALUES`` block
    (:func:`spacegraph.sparql.bindings.with_bindings`).

    Oxigraph's own substitutions are three times faster than a ``VALUES``
    block on some parameterised queries at a million triples (``evidence``),
    but it substitutes only the variables a query projects, and says so only
    in the text of its error. A parameter the query does not project is bound
    by a ``VALUES`` block at the head of the WHERE group instead, as on a
    remote endpoint. Oxigraph plans a query before it substitutes: a query
    that reads a few rows among many by its parameter is ten times faster with
    the ``VALUES`` block, which the plan sees; such a query says so with a
    ``# bind: values`` line (:func:`binds_with_values`). A query that says
    ``# bind: inline`` (:func:`binds_inline`) is run as ``with_values()`` too,
    which then writes the parameters into its text.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> from spacegraph.sparql.bindings import with_bindings
    >>> store = ox.Store()
    >>> n = {"n": ox.Literal("x")}
    >>> [s["n"].value for s in query_with_bindings(store, "SELECT ?n WHERE {}", {}, n, lambda: "")]
    ['x']
    >>> text = "SELECT (STRLEN(?t) AS ?l) WHERE {}"
    >>> t = {"t": ox.Literal("abc")}
    >>> [s["l"].value for s in query_with_bindings(store, text, {}, t, lambda: with_bindings(text, t))]
    ['3']
    """
    import pyoxigraph as ox

    if not substitutions:
        return store.query(text, prefixes=prefixes)
    if binds_with_values(text) or binds_inline(text):
        return store.query(with_values(), prefixes=prefixes)
    try:
        return store.query(text, prefixes=prefixes, substitutions={ox.Variable(name): term for name, term in substitutions.items()})
    except RuntimeError as error:
        if NOT_PROJECTED not in str(error):
            raise
    return store.query(with_values(), prefixes=prefixes)


def english_stop_words() -> frozenset[str]:
    """Return scikit-learn's English stop words (318 function words and other words too common to name anything).

    They are read from scikit-learn's own source file, without importing scikit-learn: the
    package's first import takes about a second, which ``spacegraph ingest`` would pay for a
    list of words. When the file is not where it was, the package is imported instead.

    Examples
    --------
    >>> words = english_stop_words()
    >>> {"the", "however", "may", "during"} <= words, "china" in words
    (True, False)
    """
    import ast
    import importlib.util

    spec = importlib.util.find_spec("sklearn")
    if spec is not None and spec.submodule_search_locations:
        source = Path(next(iter(spec.submodule_search_locations))) / "feature_extraction" / "_stop_words.py"
        try:
            tree = ast.parse(source.read_text(encoding="utf-8"))
            for node in tree.body:
                if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "ENGLISH_STOP_WORDS" for t in node.targets):
                    call = node.value
                    if isinstance(call, ast.Call) and call.args:
                        return frozenset(ast.literal_eval(call.args[0]))
        except (OSError, SyntaxError, ValueError):
            pass
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def matplotlib_unused() -> bool:
    """Mark matplotlib as absent from this process, unless it is loaded already: for the command line, which never plots.

    igraph imports ``matplotlib.pyplot`` at its own import whenever matplotlib is installed (its drawing
    modules call ``find_matplotlib``), which cost 0.35 s of the 0.9 s a cold ``spacegraph communities``
    took. With ``sys.modules["matplotlib"]`` set to None an import of it raises ImportError, which igraph
    takes for "not installed": it then cannot plot with matplotlib, which spacegraph never asks of it.
    The command line's entry point calls this; the library never does, so a notebook keeps its plots.

    Returns
    -------
    bool
        Whether matplotlib was marked absent (False when it was loaded already).

    Examples
    --------
    >>> import subprocess, sys
    >>> program = ("from spacegraph.core._shortcuts import matplotlib_unused; matplotlib_unused(); "
    ...            "import igraph, sys; print('matplotlib.pyplot' in sys.modules, igraph.Graph.Famous('Zachary').vcount())")
    >>> subprocess.run([sys.executable, "-c", program], capture_output=True, text=True).stdout.split()
    ['False', '34']
    """
    import sys

    if "matplotlib" in sys.modules:
        return False
    sys.modules["matplotlib"] = None  # type: ignore[assignment]  # the import system's own marker of a missing module
    return True
