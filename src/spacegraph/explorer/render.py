"""The interactive explorer: one self-contained, safe HTML page drawn by vis-network.

The page holds everything it needs: vis-network (the copy pyvis ships, see
:func:`spacegraph.core._shortcuts.vis_network_assets`) is inlined, there is no
CDN, font or image from elsewhere, so it works from ``file://`` with the
network off. The project's own template is rendered in a Jinja environment
that escapes everything.

Safety: every string from the data reaches the page as deflated JSON in
base64 inside a ``<script type="application/octet-stream">`` element: the
base64 alphabet has no ``<``, ``>`` or ``&``, so no label or quote can close
the element or be read as markup. The page inflates it with the browser's own
``DecompressionStream``, then shows every string with ``textContent``;
tooltips are plain text, and links are made only from ``http(s)`` URLs.
Packed, a page of 10,000 actors is five times smaller, and opens 0.3 s sooner.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as folder:
...     text = kg.render(Path(folder) / "explorer.html").read_text(encoding="utf-8")
>>> "<script src" in text, "<link" in text, 'data-testid="search"' in text
(False, False, True)
"""

from __future__ import annotations

import base64
import json
import math
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.choices import COLOR_BY, SIZE_BY
from ..errors import InvalidArgument

if TYPE_CHECKING:
    from collections.abc import Hashable, Mapping

    import networkx as nx

    from ..core.source import HasSource

__all__ = ["render_html", "explorer_html", "page_payload", "default_title", "packed_payload", "unpacked_payload",
           "COLOR_BY", "SIZE_BY", "DEFAULT_STYLE", "COMMUNITY_COLORS", "OVERVIEW_SIZE"]

#: How a node of a kind the ontology gives no colour or shape is drawn.
DEFAULT_STYLE = {"color": "#BBBBBB", "shape": "dot"}
#: The shapes a kind may be drawn as (``sg:kindShape``); another value is drawn as the default.
SHAPES = frozenset({"dot", "square", "diamond", "triangle", "triangleDown", "star", "hexagon", "box", "ellipse"})
#: The colours of the twelve largest communities (Okabe-Ito's, then Paul Tol's); smaller ones are grey.
COMMUNITY_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#882255",
                    "#117733", "#332288", "#999933", "#AA4499")
SMALL_COMMUNITY_COLOR = "#BBBBBB"
#: A graph with more actors than this opens on its most central ones, the rest a search or a click away.
OVERVIEW_SIZE = 1500
#: The page's own scripts (in ``templates/``), inlined after vis-network in this order, the one place it is named.
#: pure.js makes the namespace the others add their part of the page to; explorer.js, last, sets the parts up in this
#: order, each with the context the earlier ones filled (CONTRIBUTING.md says what each holds).
PAGE_SCRIPTS = ("far-drawing.js", "pure.js", "state.js", "page.js", "network.js", "view.js", "table.js", "filters.js",
                "dates.js", "search.js", "details.js", "paths.js", "path-ends.js", "menu.js", "export.js", "explorer.js")


def _is_hex_colour(text: object) -> bool:
    """Tell whether ``text`` is a ``#RRGGBB`` colour.

    Examples
    --------
    >>> _is_hex_colour("#12abEF"), _is_hex_colour("red;background:url(x)")
    (True, False)
    """
    return isinstance(text, str) and len(text) == 7 and text[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in text[1:])


def packed_payload(value: object) -> str:
    """``value`` as JSON, deflated (zlib), in base64: text that is inert inside a ``<script>`` element.

    The same value always packs to the same text.

    Parameters
    ----------
    value : object
        Anything JSON can write.

    Returns
    -------
    str
        Base64 text.

    Examples
    --------
    >>> packed = packed_payload({"label": "</script><b>"})
    >>> set(packed) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
    True
    >>> unpacked_payload(packed)
    {'label': '</script><b>'}
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")


def unpacked_payload(packed: str) -> object:
    """The value :func:`packed_payload` packed; what the page itself reads.

    Parameters
    ----------
    packed : str
        Text :func:`packed_payload` returned.

    Returns
    -------
    object

    Raises
    ------
    binascii.Error, zlib.error, json.JSONDecodeError
        ``packed`` is not such text.

    Examples
    --------
    >>> unpacked_payload(packed_payload(["Chang’e-5", 1, None]))
    ['Chang’e-5', 1, None]
    """
    return json.loads(zlib.decompress(base64.b64decode(packed, validate=True)).decode("utf-8"))


def _sizes(G: nx.MultiDiGraph, size_by: str) -> dict[Hashable, float]:
    from ..network.centrality import centrality_table

    if G.number_of_nodes() == 0:
        return {}
    if size_by in ("degree", "in_degree", "out_degree"):
        method = getattr(G, size_by)
        scores: dict[Hashable, float] = {node: float(method(node)) for node in G}
    elif size_by == "pagerank":
        import networkx as nx

        scores = nx.pagerank(G, weight=None)
    else:
        scores = {row["node"]: row[size_by] for row in centrality_table(G, [size_by]).rows}
    top = max(scores.values()) or 1.0
    return {node: 10 + 30 * math.sqrt(score / top) for node, score in scores.items()}


def _documents(kg: HasSource | None, G: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Title, link, date, licence and attribution of every document that quotes in ``G`` cite, from the graph itself."""
    cited: set[str] = set()
    for *_, data in G.edges(data=True):
        cited.update(s["document"] for s in data.get("sources", []) if s.get("document"))
    for _, data in G.nodes(data=True):
        cited.update(s["document"] for s in data.get("sources", []) if s.get("document"))
    if kg is None or not cited:
        return {doc: {"title": doc, "url": None} for doc in cited}
    from ..core.prefixes import sparql_prefixes
    from ..core.terms import expand, valid_iri

    iri_of = {doc: expand(doc) for doc in sorted(cited)}
    values = " ".join(f"<{valid_iri(iri)}>" for iri in iri_of.values())
    fields = ("title", "url", "date", "licence", "licenceUrl", "attribution")
    text = sparql_prefixes("sg", "dct") + f"""SELECT ?doc ?title ?url ?date ?licence ?licenceUrl ?attribution WHERE {{
  VALUES ?doc {{ {values} }}
  OPTIONAL {{ ?doc dct:title ?title }} OPTIONAL {{ ?doc sg:url ?url }} OPTIONAL {{ ?doc sg:date ?date }}
  OPTIONAL {{ ?doc sg:licence ?licence }} OPTIONAL {{ ?doc sg:licenceUrl ?licenceUrl }}
  OPTIONAL {{ ?doc sg:attribution ?attribution }} }}"""
    found: dict[str, dict[str, Any]] = {}
    for row in kg.source.plain_rows(text, where="the cited documents"):
        found.setdefault(row[0], dict(zip(fields, (_text(value) for value in row[1:]), strict=True)))
    labels = kg.source.labels_of(iri_of.values())
    documents: dict[str, dict[str, Any]] = {}
    for doc, iri in iri_of.items():
        held = found.get(iri, {})
        documents[doc] = {"title": held.get("title") or labels.get(iri) or doc, "url": _web_address(held.get("url")),
                          "date": held.get("date") or ""}
        if held.get("licence") is not None or held.get("attribution") is not None:  # a source's licence travels with its quotes
            documents[doc].update(licence=held.get("licence"), licenceUrl=_web_address(held.get("licenceUrl")),
                                  attribution=held.get("attribution"))
    return documents


def _text(value: object) -> Any:
    """The text of a plain term: a literal's lexical form, an IRI itself, None for None."""
    return value[1] if type(value) is tuple else value


def _web_address(value: object) -> str | None:
    """``value`` as text when it is an http(s) address, else ``None``: a page links to nothing else."""
    return str(value) if value is not None and str(value).startswith(("http://", "https://")) else None


def default_title(sources: int) -> str:
    """The page's title when none is given: what the graph holds, and from how many sources.

    Parameters
    ----------
    sources : int
        How many source documents the graph cites.

    Returns
    -------
    str

    Examples
    --------
    >>> default_title(6)
    'Space sector actors and relationships, from 6 sources'
    >>> default_title(1)
    'Space sector actors and relationships, from 1 source'
    """
    return f"Space sector actors and relationships, from {sources} source{'' if sources == 1 else 's'}"


def explorer_html(G: nx.MultiDiGraph, *, kg: HasSource | None = None, title: str | None = None,
                  size_by: str = "pagerank", color_by: str = "kind") -> str:
    """Return the explorer page for a projected graph ``G`` as a string.

    ``title`` names the page; by default, :func:`default_title` of the sources the graph cites.
    Each step is a function of its own: sizes (:func:`_sizes`), communities (:func:`_community_groups`),
    positions (:func:`_positions`), styles (:func:`_kind_style`), the packed data (:func:`page_payload`)
    and the template (:func:`_page_from_template`).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection from :func:`~spacegraph.network.projection.to_networkx` (or any multigraph).
    kg : KnowledgeGraph, optional
        The graph ``G`` was projected from: it gives each document its title, date and address.
    title : str, optional
        The page's title; by default, :func:`default_title` of the sources the graph cites.
    size_by : str
        What sizes a node: one of :data:`SIZE_BY`.
    color_by : str
        What colours a node: one of :data:`COLOR_BY`.

    Returns
    -------
    str
        A whole HTML page, with nothing fetched from elsewhere.

    Raises
    ------
    InvalidArgument
        ``size_by`` or ``color_by`` is none of its choices.

    Examples
    --------
    >>> import networkx as nx
    >>> page = explorer_html(nx.MultiDiGraph([("a", "b")]), title="Two <actors>")
    >>> "<title>Two &lt;actors&gt;</title>" in page
    True
    >>> "<title>Space sector actors and relationships, from " in explorer_html(kg.to_networkx(), kg=kg)
    True
    """
    from ..core._shortcuts import collector_paused

    with collector_paused():  # hundreds of thousands of new containers, none of them in a cycle
        payload = page_payload(G, kg=kg, title=title, size_by=size_by, color_by=color_by)
        return _page_from_template(payload)


def page_payload(G: nx.MultiDiGraph, *, kg: HasSource | None = None, title: str | None = None,
                 size_by: str = "pagerank", color_by: str = "kind") -> dict[str, Any]:
    """Return the data the explorer page reads: actors with their positions, relationships, legend, communities, sources.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection from :func:`~spacegraph.network.projection.to_networkx` (or any multigraph).
    kg : KnowledgeGraph, optional
        The graph ``G`` was projected from: it gives each document its title, date and address.
    title : str, optional
        The page's title; by default, :func:`default_title` of the sources the graph cites.
    size_by : str
        What sizes a node: one of :data:`SIZE_BY`.
    color_by : str
        What colours a node: one of :data:`COLOR_BY`.

    Returns
    -------
    dict
        ``title``, ``nodes``, ``edges``, ``documents``, ``legend``, ``communities`` and the
        settings (``colorBy``, ``sizeBy``, ``overviewSize``, ``asOf``); JSON-ready.

    Raises
    ------
    InvalidArgument
        ``size_by`` or ``color_by`` is none of its choices.

    Examples
    --------
    >>> import networkx as nx
    >>> payload = page_payload(nx.MultiDiGraph([("a", "b")]), title="Two")
    >>> [node["id"] for node in payload["nodes"]], payload["edges"][0]["from"], payload["title"]
    (['a', 'b'], 'a', 'Two')
    >>> page_payload(nx.MultiDiGraph([("a", "b")]), size_by="fame")
    Traceback (most recent call last):
    ...
    spacegraph.errors.InvalidArgument: unknown size measure 'fame'; choose one of pagerank, degree, ...
    """
    if size_by not in SIZE_BY:
        raise InvalidArgument(f"unknown size measure {size_by!r}; choose one of {', '.join(SIZE_BY)}", argument="size_by")
    if color_by not in COLOR_BY:
        raise InvalidArgument(f"unknown colouring {color_by!r}; choose one of {', '.join(COLOR_BY)}", argument="color_by")
    sizes = _sizes(G, size_by)
    community, groups, found = _community_groups(G, sizes)
    positions = _positions(G, sizes, found, groups)
    styles = G.graph.get("kind_styles") or {}
    nodes = [_node_item(node, data, positions[node], sizes, community, groups, styles, color_by)
             for node, data in G.nodes(data=True)]
    edges = [_edge_item(number, u, v, key, data) for number, (u, v, key, data) in enumerate(G.edges(keys=True, data=True))]
    documents = _documents(kg, G)
    return {
        "title": default_title(len(documents)) if title is None else title, "nodes": nodes, "edges": edges,
        "documents": documents, "legend": [{"kind": k, **_kind_style(styles, k)} for k in sorted({n["kind"] for n in nodes})],
        "colorBy": color_by, "sizeBy": size_by, "communities": groups, "overviewSize": OVERVIEW_SIZE,
        "asOf": G.graph.get("as_of") or None,
    }


def _community_groups(G: nx.MultiDiGraph, sizes: Mapping[Hashable, float],
                      ) -> tuple[dict[Hashable, int], list[dict[str, Any]], list[set[Any]]]:
    """``({node: community number}, [community record], [members])``: largest first, each with its hub and colour."""
    community: dict[Hashable, int] = {}
    groups: list[dict[str, Any]] = []
    found: list[set[Any]] = []
    if G.number_of_edges():
        from ..network.structure import communities

        found = communities(G).communities  # the communities `spacegraph communities` prints, seed 42
        for number, members in enumerate(found):  # largest first
            colour = COMMUNITY_COLORS[number] if number < len(COMMUNITY_COLORS) else SMALL_COMMUNITY_COLOR
            hub = max(sorted(members), key=lambda node: sizes.get(node, 0))
            groups.append({"number": number, "size": len(members), "hub": hub, "color": colour})
            for node in members:
                community[node] = number
    return community, groups, found


def _positions(G: nx.MultiDiGraph, sizes: Mapping[Hashable, float], found: list[set[Any]],
               groups: list[dict[str, Any]]) -> dict[Hashable, tuple[float, float]]:
    """Each actor's position, with room for its label; on a big graph, marks the communities laid out apart."""
    from .layout import SMALL_COMMUNITY, clusters_apart, layout_positions

    # the room of each actor and its label below it at zoom 1 (13 px text: about 7.2 px a character)
    boxes = {node: (max(2 * sizes.get(node, 12), 7.2 * len(str(data.get("label", node)))) + 12, 2 * sizes.get(node, 12) + 24)
             for node, data in G.nodes(data=True)}
    positions = layout_positions(G, boxes=boxes, communities=found)  # a big graph's communities laid out apart
    if clusters_apart(G.number_of_nodes(), found):  # each laid out on its own is named on the page, over what it shows
        for group in groups:
            group["apart"] = group["size"] >= SMALL_COMMUNITY
    return positions


def _kind_style(styles: Mapping[str, Mapping[str, str]], kind: str) -> dict[str, str]:
    """The colour and shape a kind is drawn with; from data, only a #RRGGBB colour and a known shape are used."""
    given = styles.get(kind, {})
    color, shape = given.get("color", ""), given.get("shape", "")
    return {"color": color if _is_hex_colour(color) else DEFAULT_STYLE["color"],
            "shape": shape if shape in SHAPES else DEFAULT_STYLE["shape"]}


def _node_item(node: Hashable, data: Mapping[str, Any], position: tuple[float, float], sizes: Mapping[Hashable, float],
               community: Mapping[Hashable, int], groups: list[dict[str, Any]], styles: Mapping[str, Mapping[str, str]],
               color_by: str) -> dict[str, Any]:
    """One actor as the page reads it."""
    kind = data.get("kind", "other")
    style = _kind_style(styles, kind)
    community_color = groups[community[node]]["color"] if node in community else SMALL_COMMUNITY_COLOR
    item = {
        "id": node, "label": data.get("label", node), "kind": kind, "shape": style["shape"],
        "color": community_color if color_by == "community" else style["color"],
        "kindColor": style["color"], "communityColor": community_color, "size": round(sizes.get(node, 12), 1),
        "description": data.get("description", ""), "altLabels": data.get("altLabels", []),
        "types": data.get("types", []), "start": data.get("start"), "end": data.get("end"),
        "sources": data.get("sources", []), "community": community.get(node),
        # an attributed claim kept as a node (the full view): a path passes through it only when asked, as it takes a
        # claims-about edge (explain_path's rule) only then
        "attributed": "claim" in data,
    }
    item["x"], item["y"] = position
    return _without_empty(item)


_EDGE_FIELDS = (("start", "start"), ("end", "end"), ("date", "date"), ("role", "role"))
_CLAIM_FIELDS = (("claim", "claim"), ("hedge", "hedge"), ("via", "viaLabel"))


def _edge_item(number: int, u: Hashable, v: Hashable, key: Hashable, data: Mapping[str, Any]) -> dict[str, Any]:
    """One relationship as the page reads it, without its empty fields (as :func:`_without_empty` leaves it).

    Made field by field, since a big page has a hundred thousand: most relationships have a
    label, a predicate and their quotes, and nothing else.
    """
    item = {"id": f"e{number}", "from": u, "to": v}
    for field, value in (("label", data.get("label", key)), ("predicate", data.get("predicate", key)),
                         ("sources", data.get("sources"))):
        if _shown_value(value):
            item[field] = value
    if len(data) > 3:  # more than predicate, label and sources
        for field, name in _EDGE_FIELDS:
            value = data.get(name)
            if _shown_value(value):
                item[field] = value
        if data.get("hedged"):
            item["hedged"] = True
        for field, name in _CLAIM_FIELDS:
            value = data.get(name)
            if _shown_value(value):
                item[field] = value
        if "claim" in data:  # the rule of explain_path: a claim makes a step only when asked
            item["attributed"] = True
    return item


def _shown_value(value: Any) -> bool:
    """Whether the page shows a field of this value (:func:`_without_empty` drops the others)."""
    return value is not None and value is not False and value != "" and value != []


def _page_from_template(payload: Mapping[str, Any]) -> str:
    """The page: the template filled with the packed payload, vis-network, and the page's own style sheet and scripts."""
    import jinja2

    from ..core._shortcuts import vis_network_assets

    javascript, css = vis_network_assets()
    templates = Path(__file__).parent / "templates"
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True)
    # the template reads only the escaped payload and the library's own code
    return environment.get_template("explorer.html").render(
        explorer_data=jinja2.utils.markupsafe.Markup(packed_payload(payload)),
        vis_js=jinja2.utils.markupsafe.Markup(javascript.replace("</script", "<\\/script")),
        vis_css=jinja2.utils.markupsafe.Markup(css.replace("</style", "<\\/style")),
        page_css=jinja2.utils.markupsafe.Markup(_template_text("explorer.css").replace("</style", "<\\/style")),
        page_scripts=[jinja2.utils.markupsafe.Markup(_template_text(name).replace("</script", "<\\/script")) for name in PAGE_SCRIPTS],
        page_title=payload["title"],
    )


def _without_empty(item: Mapping[str, Any]) -> dict[str, Any]:
    """An actor or relationship without its empty fields (null, false, "", []): a third of a big page's size.

    The page reads a missing field as empty, and builds tooltips from the labels.
    """
    return {key: value for key, value in item.items() if _shown_value(value)}


def _template_text(name: str) -> str:
    """The text of one of the page's own files (its style sheet and its scripts), inlined into the page."""
    return (Path(__file__).parent / "templates" / name).read_text(encoding="utf-8")


def render_html(G: nx.MultiDiGraph, path: str | Path, *, kg: HasSource | None = None, title: str | None = None,
                size_by: str = "pagerank", color_by: str = "kind") -> Path:
    """Write the explorer page for ``G`` to ``path`` atomically, in UTF-8; return the path.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection from :func:`~spacegraph.network.projection.to_networkx` (or any multigraph).
    path : path-like
        The HTML file to write.
    kg, title, size_by, color_by
        As for :func:`explorer_html`.

    Returns
    -------
    Path

    Raises
    ------
    InvalidArgument
        ``size_by`` or ``color_by`` is none of its choices.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = render_html(kg.to_networkx(), Path(folder) / "actors.html", kg=kg, color_by="community")
    ...     path.name, path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ('actors.html', True)
    """
    from ..core._io import write_files

    html = explorer_html(G, kg=kg, title=title, size_by=size_by, color_by=color_by)
    return write_files({Path(path): html})[0]
