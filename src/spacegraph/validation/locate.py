"""Find where a node or a piece of text is written in the data files.

Problems found on the parsed graph are reported against the file and line
where the entity is described, so that an editor can jump to it.

Examples
--------
>>> from spacegraph.core import paths
>>> from spacegraph.core.namespaces import SGID
>>> index = SourceIndex(paths.data_files())
>>> path, line = index.locate(SGID["argentina"])
>>> path.endswith("geopolitics.ttl"), line > 0
(True, True)
"""

import re
from pathlib import Path

from ..core.paths import display_path

__all__ = ["SourceIndex"]

_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
_SUBJECT = re.compile(r"^(<[^>\s]*>|[\w.-]*:[\w.%-]*)\s+(a\s)?")


class SourceIndex:
    """Line numbers of the subjects and text of a set of RDF text files.

    Parameters
    ----------
    files : iterable of path-like
        Turtle or N-Triples files, as they were parsed.
    """

    def __init__(self, files):
        self._lines = {}
        self._described = {}  # subject -> where it is typed ("sgid:x a sg:State ;")
        self._mentioned = {}  # subject -> where it first starts a line
        self._starts = {}  # file -> [(line, subject or None)]: where each description, or "[] a ..." block, starts
        for path in files:
            self._scan(Path(path))

    def _scan(self, path):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return
        shown = display_path(path)
        self._lines[shown] = lines
        starts = self._starts[shown] = []
        prefixes = {}
        for number, text in enumerate(lines, start=1):
            declared = _PREFIX.match(text)
            if declared:
                prefixes[declared.group(1)] = declared.group(2)
                continue
            subject = _SUBJECT.match(text)
            if not subject:
                if text.startswith("["):
                    starts.append((number, None))
                continue
            iri = self._expand(subject.group(1), prefixes)
            starts.append((number, iri))
            if iri:
                self._mentioned.setdefault(iri, (shown, number))
                if subject.group(2):
                    self._described.setdefault(iri, (shown, number))

    @staticmethod
    def _expand(token, prefixes):
        if token.startswith("<"):
            return token[1:-1]
        prefix, _, local = token.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
        return None

    def locate(self, node):
        """Return ``(file, line)`` where ``node`` is described (typed), else where it first starts a line.

        Returns ``(None, None)`` when the node is never a subject.
        """
        key = str(node)
        return self._described.get(key) or self._mentioned.get(key, (None, None))

    def find_in_description(self, node, *snippets):
        """Return ``(file, line)`` of the first line that holds every one of ``snippets`` where ``node`` is the subject.

        Only the lines of the blocks that start with ``node`` are searched, in every file;
        ``(None, None)`` when none holds them all.

        Examples
        --------
        >>> from spacegraph.core import paths
        >>> from spacegraph.core.namespaces import SGID
        >>> path, line = SourceIndex(paths.data_files()).find_in_description(
        ...     SGID["military-aerospace-force"], "sg:foundingDate", '"2024-04"')
        >>> path.endswith("military.ttl"), line > 0
        (True, True)
        """
        key = str(node)
        for shown, starts in self._starts.items():
            lines = self._lines[shown]
            for (first, subject), (following, _) in zip(starts, [*starts[1:], (len(lines) + 1, None)], strict=True):
                if subject != key:
                    continue
                for number in range(first, following):
                    if all(snippet in lines[number - 1] for snippet in snippets):
                        return shown, number
        return None, None

    def find_text(self, *snippets):
        """Return ``(file, line)`` of the first line holding any of ``snippets``, in order."""
        for snippet in snippets:
            if not snippet:
                continue
            for shown, lines in self._lines.items():
                for number, text in enumerate(lines, start=1):
                    if snippet in text:
                        return shown, number
        return None, None
