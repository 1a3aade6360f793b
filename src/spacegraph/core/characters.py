"""Characters that change how a text reads: the line breaks Python knows, and the invisible ones.

Two kinds of character let a crafted title or name do what its reader does
not see:

* **line breaks** beyond ``\\n``: ``str.splitlines`` also breaks at ``\\r``,
  ``\\v``, ``\\f``, ``\\x1c``-``\\x1e``, ``\\x85``, U+2028 and U+2029, so a
  title with U+2028 written into a comment of a generated file ends the
  comment for any Python code that splits the file into lines, and what
  follows is data. Every hand-written part of a generated file goes through
  :func:`escape_line_breaks`.
* **bidirectional controls** (U+202A-U+202E, U+2066-U+2069, U+200E,
  U+200F) and **zero-width characters** (U+200B-U+200D, U+2060, U+FEFF):
  shown as they are, they let one name pose as another ("ASF" and
  "A\\u200bSF" look the same; U+202E turns a name round). Labels and titles
  holding them are refused (:func:`invisible_in`).

Examples
--------
>>> escape_line_breaks("A title\\u2028sgid:x a sg:Thing .")
'A title\\\\u2028sgid:x a sg:Thing .'
>>> invisible_in("A\\u200bSF")
'U+200B ZERO WIDTH SPACE'
"""

import re
import unicodedata

__all__ = ["LINE_BREAKS", "INVISIBLE", "escape_line_breaks", "invisible_in", "visible"]

#: Every character ``str.splitlines`` ends a line at.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
#: Bidirectional controls and zero-width characters: they change how a text shows, not what it shows.
INVISIBLE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u200b\u200c\u200d\u2060\ufeff"

_SHORT = {"\n": "\\n", "\r": "\\r"}
_BREAK = re.compile(f"[{re.escape(LINE_BREAKS)}]")
_HIDDEN = re.compile(f"[{INVISIBLE}]")
_UNSEEN = re.compile(f"[{re.escape(LINE_BREAKS)}{INVISIBLE}]")


def escape_line_breaks(text, *, keep=""):
    """Return ``text`` with every line break written as a visible escape (``\\n``, ``\\u2028``), except those in ``keep``.

    The escapes are those of Turtle and SPARQL strings (``\\n``, ``\\r``,
    ``\\uXXXX``), so inside a literal they keep its value, and in a comment
    they show what was there.

    Examples
    --------
    >>> escape_line_breaks("one\\ntwo\\x85three")
    'one\\\\ntwo\\\\u0085three'
    >>> "\\n".join(escape_line_breaks(line) for line in ["a", "b"]).splitlines()
    ['a', 'b']
    """
    return _BREAK.sub(lambda found: found.group() if found.group() in keep else
                      _SHORT.get(found.group(), f"\\u{ord(found.group()):04X}"), text)


def invisible_in(text):
    """Name the first bidirectional control or zero-width character in ``text`` (``U+202E RIGHT-TO-LEFT OVERRIDE``); None if none.

    Examples
    --------
    >>> invisible_in("Roscosmos") is None, invisible_in("\\u202esomsocsoR")
    (True, 'U+202E RIGHT-TO-LEFT OVERRIDE')
    """
    found = _HIDDEN.search(text)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X} {unicodedata.name(found.group(), 'FORMAT CHARACTER')}"


def visible(text):
    r"""Return ``text`` with its line breaks and invisible characters written as ``\uXXXX``, for a message of one line.

    Examples
    --------
    >>> print(visible("A\u200bSF\u2028"))
    A\u200BSF\u2028
    """
    return _UNSEEN.sub(lambda found: f"\\u{ord(found.group()):04X}", text)
