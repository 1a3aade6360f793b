"""The named-query library under its first name; it lives in :mod:`spacegraph.sparql.library`.

Examples
--------
>>> from spacegraph.library import list_queries
>>> list_queries()[0].name
'actor-profile'
"""

from .sparql import library as _library
from .sparql.library import *  # noqa: F403

__all__ = list(_library.__all__)
