"""Counts and listings the graph derives from itself, kept in a named graph of their own.

Some questions are about the whole graph: how many relationships each entity takes part in
(``most-connected``), how many quotes each source gives and what they back (``sources``),
and listings of thousands of rows (``quotes``, ``sector-overview``...). At a million triples
each takes seconds, so they are computed once and kept as triples in the named graph
:data:`DERIVED_GRAPH`. The SPARQL updates in ``queries/derived/*.ru`` write counts:

============================  ==========================================================
``?entity sgd:relationships``  relationships the entity takes part in
``?source sgd:quotes``         quotes of the source that back something
``?source sgd:passages``       distinct passages among them
``?source sgd:backedEntities`` entities that take part in what its quotes back
``?source sgd:backedRelationships`` relationships its quotes back
============================  ==========================================================

(``sgd:`` is ``https://w3id.org/spacegraph/derived#``; the graph is ``sgd:graph``.) The
queries in ``queries/derived/*.rq`` are run whole, and each row of their answer is kept as a
node with ``sgd:listing`` (the query's name), ``sgd:position``, ``sgd:page`` (of
:data:`PAGE_ROWS`) and one ``sgd:VARIABLE`` per bound value; the named query of the same name
reads a page of them back. A listing with a ``# key: COLUMN`` line is read by that column
instead, the rows of one value at a time, and its rows have no page: ``actor-profile`` reads
the rows of the one actor it is given among those of every entity. The derived graph is never mixed
with the sourced facts: the default graph holds those alone, and validation, exports and
the network projection read only it. ``spacegraph build`` derives the counts once, into
the built store; a graph read from the files derives them on the first query that names
the derived graph.

Examples
--------
>>> import spacegraph
>>> kg = spacegraph.load(use_store=False)
>>> derive(kg.source.store) > 0
True
>>> rows = kg.select("SELECT ?n WHERE { GRAPH <https://w3id.org/spacegraph/derived#graph> "
...                  "{ sgid:china <https://w3id.org/spacegraph/derived#relationships> ?n } }")
>>> int(rows[0].n) > 10
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import paths

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

__all__ = ["DERIVED_GRAPH", "DERIVED", "PAGE_ROWS", "derive", "derived_graph_of", "names_derived_graph", "update_files",
           "listing_files", "listing_key",
           "derivation_files", "derived_ntriples_in_parts"]

#: The named graph that holds the derived counts.
DERIVED_GRAPH = "https://w3id.org/spacegraph/derived#graph"
#: The namespace of the derived properties (prefix ``sgd:``).
DERIVED = "https://w3id.org/spacegraph/derived#"
#: Rows of a listing on one page.
PAGE_ROWS = 1000


def listing_files():
    """The whole-graph listings (``queries/derived/*.rq``) whose rows are kept, numbered and paged."""
    return sorted((paths.data_root() / "queries" / "derived").glob("*.rq"))


def update_files() -> list:
    """The SPARQL updates that derive the counts, in the order they run."""
    return sorted((paths.data_root() / "queries" / "derived").glob("*.ru"))


def derive(oxigraph_store: pyoxigraph.Store) -> int:
    """Compute the derived counts of the store's default graph into :data:`DERIVED_GRAPH`.

    What the derived graph held before is replaced.

    Parameters
    ----------
    oxigraph_store : pyoxigraph.Store
        A writable store whose default graph holds the ontology and the data.

    Returns
    -------
    int
        The number of derived triples.
    """
    import pyoxigraph as ox

    graph = ox.NamedNode(DERIVED_GRAPH)
    if oxigraph_store.contains_named_graph(graph):
        oxigraph_store.remove_graph(graph)
    before = len(oxigraph_store)
    for update in update_files():
        oxigraph_store.update(update.read_text(encoding="utf-8"))
    found: dict = {}  # the profile rows, found once for every listing made of them

    def profiles():
        if not found:
            from .profile_rows import Profiles

            found["profiles"] = Profiles(oxigraph_store)
        return found["profiles"]

    for listing in listing_files():
        oxigraph_store.bulk_extend(_listing_rows(oxigraph_store, listing, graph, profiles))
    return len(oxigraph_store) - before


def _actor_profile(profiles):
    from .profile_rows import COLUMNS

    return COLUMNS, profiles.actor_profile()


def _sector_overview(profiles):
    from .profile_rows import SECTOR_COLUMNS

    return SECTOR_COLUMNS, profiles.sector_overview()


def _quotes(profiles):
    from .profile_rows import QUOTES_COLUMNS

    return QUOTES_COLUMNS, profiles.quotes()


#: The listings whose rows are found in Python from every entity's profile rows
#: (:mod:`spacegraph.core.profile_rows`) rather than by running their query whole: the joins of
#: those queries grow faster than the graph. Each query stays the definition of its rows.
_COMPUTED = {"actor-profile": _actor_profile, "quotes": _quotes, "sector-overview": _sector_overview}


def derivation_files() -> list:
    """Every file whose change changes what is derived: the updates, the listings and the code that computes some.

    Examples
    --------
    >>> [path.name for path in derivation_files()][-1]
    'profile_rows.py'
    """
    from pathlib import Path

    return [*update_files(), *listing_files(), Path(__file__).with_name("profile_rows.py")]


def listing_key(text: str) -> str | None:
    """The column a listing is read by, one value at a time, as its ``# key:`` line names it; None when it is read in pages.

    Examples
    --------
    >>> listing_key("# The rows of every entity.\\n# key: actor\\nSELECT ...")
    'actor'
    >>> listing_key("SELECT ...") is None
    True
    """
    import re

    found = re.search(r"^# key: (\w+)\s*$", text, re.MULTILINE)
    return found.group(1) if found else None


def _listing_rows(oxigraph_store, listing, graph, profiles):
    """The quads that keep the rows of one listing: each row a node with its position, its page (unless the listing is
    read by a key) and its values."""
    import pyoxigraph as ox

    from .prefixes import PREFIXES

    name = ox.Literal(listing.stem)
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    of, position, page = (ox.NamedNode(DERIVED + local) for local in ("listing", "position", "page"))
    text = listing.read_text(encoding="utf-8")
    paged = listing_key(text) is None
    computed = _COMPUTED.get(listing.stem)
    if computed:  # the same rows, found in Python in time that grows with the graph
        variables, answer = computed(profiles())
    else:
        answer = oxigraph_store.query(text, prefixes=PREFIXES)
        variables = [variable.value for variable in answer.variables]
    columns = [(index, ox.NamedNode(DERIVED + variable)) for index, variable in enumerate(variables)]
    for number, solution in enumerate(answer):
        row = ox.BlankNode()
        yield ox.Quad(row, of, name, graph)
        yield ox.Quad(row, position, ox.Literal(str(number + 1), datatype=integer), graph)
        if paged:
            yield ox.Quad(row, page, ox.Literal(str(number // PAGE_ROWS + 1), datatype=integer), graph)
        for index, column in columns:
            value = solution[index]
            if value is not None:
                yield ox.Quad(row, column, value, graph)



def derived_graph_of(oxigraph_store: pyoxigraph.Store) -> rdflib.Graph:
    """Return the derived triples of the store as an rdflib graph (to push them to a server).

    Examples
    --------
    >>> import spacegraph
    >>> kg = spacegraph.load(use_store=False)
    >>> _ = derive(kg.source.store)
    >>> len(derived_graph_of(kg.source.store)) > 0
    True
    """
    import pyoxigraph as ox
    from rdflib import Graph, URIRef

    from .terms import oxigraph_rdflib_converter

    convert = oxigraph_rdflib_converter()
    derived = Graph(identifier=URIRef(DERIVED_GRAPH))
    for quad in oxigraph_store.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH)):
        derived.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    return derived


def derived_ntriples_in_parts(oxigraph_store, triples_per_part=200_000):
    """Yield the derived triples as N-Triples, in parts of about ``triples_per_part`` that never split a subject.

    A row of a listing is a blank node: all its triples travel in the same part, so that a
    server reading each part as a document of its own keeps the row whole.

    Examples
    --------
    >>> import spacegraph
    >>> kg = spacegraph.load(use_store=False)
    >>> count = derive(kg.source.store)
    >>> parts = list(derived_ntriples_in_parts(kg.source.store, triples_per_part=500))
    >>> len(parts) > 1, sum(part.count(b"\\n") for part in parts) == count
    (True, True)
    """
    import pyoxigraph as ox

    quads = oxigraph_store.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH))
    data = ox.serialize((quad.triple for quad in quads), format=ox.RdfFormat.N_TRIPLES)
    assert data is not None  # without an output file, serialize returns the bytes
    lines = data.split(b"\n")[:-1]
    lines.sort()   # the store's order need not keep a subject's triples together (a source's counts): sorting does
    start = 0
    while start < len(lines):
        end = min(start + triples_per_part, len(lines))
        subject = lines[end - 1].split(b" ", 1)[0]
        while end < len(lines) and lines[end].split(b" ", 1)[0] == subject:
            end += 1
        yield b"\n".join(lines[start:end]) + b"\n"
        start = end


def names_derived_graph(text: str) -> bool:
    """Whether a query reads the derived counts, so that they must be there before it runs.

    Examples
    --------
    >>> names_derived_graph("PREFIX sgd: <https://w3id.org/spacegraph/derived#> SELECT * { GRAPH sgd:graph { ?s ?p ?o } }")
    True
    >>> names_derived_graph("SELECT * { ?s ?p ?o }")
    False
    """
    return "spacegraph/derived" in text or "sgd:" in text
