"""Finding an entity by what a person calls it, and the label it is shown by: one rule each.

:class:`NameIndex` holds every name of every entity (labels, alternative labels), folded by
:func:`spacegraph.core.folding.fold`, and resolves a name as a person types it: an id, a
label or an alternative label, case, accents, dashes and spelling aside. A name of two
entities is never guessed (:class:`~spacegraph.errors.AmbiguousNode`), and an unknown one
gets the closest names (:class:`~spacegraph.errors.NodeNotFound`). The query parameters
(:mod:`spacegraph.sparql.query`), the network commands (:mod:`spacegraph.network.structure`)
and an accepted sheet's cells (:mod:`spacegraph.ingest.accepted`) all resolve names here.

:func:`keep_label` is the one rule for the label an entity is shown by: its English label,
else the first one read.

Examples
--------
>>> names = NameIndex.of([("sgid:asf", "Military Aerospace Force", "Military Aerospace Force"),
...                       ("sgid:asf", "ASF", "Military Aerospace Force"),
...                       ("sgid:change-5", "Chang’e-5", "Chang’e-5")])
>>> names.resolve("military aerospace force"), names.resolve("ASF"), names.resolve("Chang'e 5")
('sgid:asf', 'sgid:asf', 'sgid:change-5')
>>> names.resolve("Aerospace Farce")
Traceback (most recent call last):
...
spacegraph.errors.NodeNotFound: no actor is called 'Aerospace Farce'; did you mean Military Aerospace Force?
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

from ..errors import AmbiguousNode, NodeNotFound
from .folding import fold

__all__ = ["NameIndex", "keep_label"]


def keep_label(found: dict[str, str], node: str, text: str, language: str | None) -> None:
    """Keep ``text`` as the label of ``node`` in ``found`` when it is English, or when ``node`` has none yet.

    Parameters
    ----------
    found : dict of str to str
        ``{node: label}``, changed in place.
    node : str
        The labelled node.
    text : str
        One of its labels.
    language : str or None
        The label's language tag.

    Examples
    --------
    >>> found = {}
    >>> keep_label(found, "x", "Chine", "fr"); keep_label(found, "x", "China", "en"); keep_label(found, "x", "Zhongguo", None)
    >>> found
    {'x': 'China'}
    """
    if language == "en" or node not in found:
        found[node] = text


class NameIndex:
    """Every name of every entity, folded: ``{folded name: {id: label}}``, and the ids themselves.

    Parameters
    ----------
    by_name : dict, optional
        ``{folded name: {id: label}}``; see :meth:`of` to make it from names.
    shown : callable, optional
        How an id is written in messages (``spacegraph.core.terms.compact`` for IRIs).
    """

    def __init__(self, by_name: dict[str, dict[str, str]] | None = None, *, shown: Callable[[str], str] = str) -> None:
        self.by_name = by_name if by_name is not None else {}
        self.ids = {node for holders in self.by_name.values() for node in holders}
        self.shown = shown

    @classmethod
    def of(cls, names: Iterable[tuple[str, str, str]], *, shown: Callable[[str], str] = str) -> NameIndex:
        """Make the index of ``(id, name, label)`` triples: each name (label or alternative label) of each entity.

        Parameters
        ----------
        names : iterable of (str, str, str)
            ``(id, name, label)``: a name of the entity ``id``, and the label it is shown by.
        shown : callable, optional
            How an id is written in messages.

        Returns
        -------
        NameIndex

        Examples
        --------
        >>> names = NameIndex.of([("sgid:asf", "Military Aerospace Force", "Military Aerospace Force"),
        ...                       ("sgid:asf", "ASF", "Military Aerospace Force"),
        ...                       ("sgid:astroant", "AstroAnt", "AstroAnt")])
        >>> names.by_name["asf"], sorted(names.ids)
        ({'sgid:asf': 'Military Aerospace Force'}, ['sgid:asf', 'sgid:astroant'])
        """
        by_name: dict[str, dict[str, str]] = {}
        for node, name, label in names:
            by_name.setdefault(fold(name), {})[node] = label
        return cls(by_name, shown=shown)

    def named(self, name: str) -> dict[str, str]:
        """Return ``{id: label}`` of the entities ``name`` names (compared folded); empty when none does.

        Parameters
        ----------
        name : str
            A label or an alternative label, as a person types it.

        Returns
        -------
        dict of str to str

        Examples
        --------
        >>> names = NameIndex.of([("sgid:asf", "Military Aerospace Force", "Military Aerospace Force"),
        ...                       ("sgid:asf", "ASF", "Military Aerospace Force"),
        ...                       ("sgid:astroant", "AstroAnt", "AstroAnt")])
        >>> names.named("military aerospace force"), names.named("Atlantis")
        ({'sgid:asf': 'Military Aerospace Force'}, {})
        """
        return dict(self.by_name.get(fold(name), {}))

    def closest(self, name: str, n: int = 3) -> list[str]:
        """Return the labels of the names closest to ``name``, closest first (at most ``n``).

        Parameters
        ----------
        name : str
            A name that may be misspelt.
        n : int
            The most labels returned.

        Returns
        -------
        list of str
            Empty when no name is close.

        Examples
        --------
        >>> names = NameIndex.of([("sgid:asf", "Military Aerospace Force", "Military Aerospace Force"),
        ...                       ("sgid:asf", "ASF", "Military Aerospace Force"),
        ...                       ("sgid:astroant", "AstroAnt", "AstroAnt")])
        >>> names.closest("Astro Ant"), names.closest("Venus Express")
        (['AstroAnt'], [])
        """
        labels: list[str] = []
        for key in difflib.get_close_matches(fold(name), list(self.by_name), n=n, cutoff=0.6):
            labels += [label for label in sorted(self.by_name[key].values()) if label not in labels]
        return labels[:n]

    def resolve(self, name: str, *, noun: str = "actor", ids: Callable[[str], str] | None = None) -> str:
        """Return the id of the entity ``name`` names: an id, a label or an alternative label.

        ``ids`` turns a name written as an id (``sgid:china``, ``<https://...>``) into the form
        the index holds; a name that is an id of the index is taken as it is.

        Parameters
        ----------
        name : str
            An id, a label or an alternative label (case, accents, dashes and spelling aside).
        noun : str
            What the entities are called in messages (``actor``, ``entity``).
        ids : callable, optional
            Turns a name written as an id into the form the index holds.

        Returns
        -------
        str
            The entity's id.

        Raises
        ------
        AmbiguousNode
            When ``name`` names several entities; the message lists them, with their ids.
        NodeNotFound
            When it names none; the message gives the closest names.

        Examples
        --------
        >>> names = NameIndex.of([("sgid:asf", "Military Aerospace Force", "Military Aerospace Force"),
        ...                       ("sgid:asf", "ASF", "Military Aerospace Force"),
        ...                       ("sgid:astroant", "AstroAnt", "AstroAnt")])
        >>> names.resolve("asf"), names.resolve("sgid:astroant")
        ('sgid:asf', 'sgid:astroant')
        >>> names.resolve("Astro-Ants", noun="entity")
        Traceback (most recent call last):
        ...
        spacegraph.errors.NodeNotFound: no entity is called 'Astro-Ants'; did you mean AstroAnt?
        """
        text = str(name).strip()
        for candidate in (text, ids(text) if ids else None):
            if candidate in self.ids:
                return candidate
        holders = self.named(text)
        if len(holders) == 1:
            return next(iter(holders))
        if holders:
            listed = "; ".join(f"{label} ({self.shown(node)})" for node, label in sorted(holders.items()))
            raise AmbiguousNode(f"{text!r} is ambiguous: it names {listed}; give the id instead", sorted(holders))
        close = self.closest(text)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise NodeNotFound(f"no {noun} is called {text!r}{hint}")
