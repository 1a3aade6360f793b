"""The network commands as methods of every graph: ``path``, ``centrality`` and ``communities``.

:class:`~spacegraph.KnowledgeGraph` and :class:`~spacegraph.graph.remote.RemoteEndpoint` both
have them, and ``spacegraph path``, ``centrality`` and ``communities`` call them: the command is
the method, and prints what the method returns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal, overload

if TYPE_CHECKING:
    import networkx as nx

    from ..network.centrality import CentralityTable
    from ..network.structure import CommunityResult, PathResult

__all__ = ["NetworkVerbs"]


class NetworkVerbs:
    """What a graph answers about its network of actors; a subclass gives :meth:`to_networkx`."""

    @overload
    def to_networkx(self, view: str = ..., as_of: str | None = ..., *, simple: Literal[False] = ...) -> nx.MultiDiGraph: ...
    @overload
    def to_networkx(self, view: str = ..., as_of: str | None = ..., *, simple: bool) -> nx.Graph: ...
    def to_networkx(self, view: str = "actors", as_of: str | None = None, *, simple: bool = False) -> nx.Graph:
        """The network of actors (a subclass projects it); with ``simple``, its simple projection."""
        raise NotImplementedError

    def path(self, source: str, target: str, *, claims: bool = False, view: str = "actors",
             as_of: str | None = None) -> PathResult:
        """Return the shortest chain of relationships from ``source`` to ``target``, with their quotes.

        ``source`` and ``target`` are ids, labels or alternative labels. On a date (``as_of``),
        an actor that did not exist yet, or no longer, is said to be so
        (:class:`~spacegraph.errors.NodeNotOnDate`). See :func:`spacegraph.network.structure.explain_path`.

        Parameters
        ----------
        source, target : str
            The two actors: ids (``sgid:argentina``), labels or alternative labels.
        claims : bool
            Let attributed claims make steps.
        view : str
            The network: one of :data:`spacegraph.network.projection.VIEWS`.
        as_of : str, optional
            A date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``): only what held then.

        Returns
        -------
        PathResult
            One dict per hop (``from_label``, ``to_label``, ``relations`` with their sources); printed, a text a person reads.

        Raises
        ------
        NodeNotFound, AmbiguousNode
            A name names no actor, or several.
        NodeNotOnDate
            On ``as_of``, an actor named did not exist yet, or no longer.
        NoPath
            No chain of relationships joins them.

        Examples
        --------
        >>> path = kg.path("Argentina", "Military Aerospace Force")
        >>> path[0]["from_label"], path[-1]["to_label"]
        ('Argentina', 'Military Aerospace Force')
        >>> str(path).splitlines()[0].startswith("Argentina to Military Aerospace Force: ")
        True
        """
        from ..errors import AmbiguousNode, NodeNotFound
        from ..network.structure import explain_path

        G = self.to_networkx(view=view, as_of=as_of)
        try:
            return explain_path(G, source, target, claims=claims)
        except NodeNotFound as error:
            if as_of is None or isinstance(error, AmbiguousNode):
                raise
            # a name unknown on that date: the undated network tells an actor not yet founded, or gone, from no actor
            explain_path(G, source, target, claims=claims, undated=self.to_networkx(view=view))
            raise

    def centrality(self, measures: Sequence[str] | None = None, *, kind: str | None = None, top: int | None = None,
                   view: str = "actors", as_of: str | None = None,
                   progress: Callable[[str], None] | None = None) -> CentralityTable:
        """Rank the actors on each of ``measures`` (see :data:`spacegraph.network.centrality.MEASURES`).

        ``kind`` keeps the actors of one kind in the table (scores are computed on the whole
        network); ``top`` keeps the first rows. The table says what each measure is computed on
        (``.on``). See :func:`spacegraph.network.centrality.centrality_table`.

        Parameters
        ----------
        measures : sequence of str, optional
            Names from :data:`~spacegraph.network.centrality.MEASURES`; by default all of them.
        kind : str, optional
            Keep only the actors of this kind (``state``, ``organisation``...).
        top : int, optional
            Keep the first rows.
        view, as_of
            The network, as in :meth:`path`.
        progress : callable, optional
            Called with each measure's name as it is computed.

        Returns
        -------
        CentralityTable
            One row per actor, ranked on the first measure; ``.to_dataframe()`` gives pandas.

        Raises
        ------
        InvalidArgument
            A measure is unknown.

        Examples
        --------
        >>> table = kg.centrality(["degree"], kind="state", top=3)
        >>> len(table.rows), table.rows[0]["degree_rank"] <= table.rows[-1]["degree_rank"]
        (3, True)
        """
        from ..network.centrality import centrality_table

        table = centrality_table(self.to_networkx(view=view, as_of=as_of), measures, kind=kind, progress=progress)
        return table if top is None else table.top(top)

    def communities(self, *, seed: int = 42, resolution: float = 1.0, view: str = "actors",
                    as_of: str | None = None) -> CommunityResult:
        """Find communities of actors with the Louvain method (seeded) on the network's simple projection.

        See :func:`spacegraph.network.structure.communities`.

        Parameters
        ----------
        seed : int
            The random seed: the same seed finds the same communities.
        resolution : float
            Above 1, smaller communities; below 1, larger ones.
        view, as_of
            The network, as in :meth:`path`.

        Returns
        -------
        CommunityResult
            The communities, largest first, with their modularity.

        Examples
        --------
        >>> found = kg.communities()
        >>> 0 < found.modularity < 1, sum(map(len, found.ranked)) == len(found.labels)
        (True, True)
        """
        from ..network.structure import communities

        return communities(self.to_networkx(view=view, as_of=as_of), seed=seed, resolution=resolution)


def simple_if(G: nx.MultiDiGraph, simple: bool) -> nx.Graph:
    """``G``, or its simple projection when ``simple`` (:func:`spacegraph.network.centrality.simple_projection`)."""
    if not simple:
        return G
    from ..network.centrality import simple_projection

    return simple_projection(G)
