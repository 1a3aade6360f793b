"""Remember answers about short query texts only, so that no stream of long texts can fill the memory.

An endpoint sees the same few queries again and again (named queries, a
notebook's loop), so remembering what the guard decided about a text saves a
parse each time. A cache keyed by whole texts, though, keeps every text it
was given: a thousand distinct 1 MB queries, each refused at once, kept a
gigabyte alive. :func:`remember_short` caches only texts up to a length, and
nothing that holds on to the text otherwise.

Examples
--------
>>> @remember_short(maxsize=8, most_chars=10)
... def shout(text):
...     return text.upper()
>>> shout("short"), shout("a longer text than ten")
('SHORT', 'A LONGER TEXT THAN TEN')
>>> shout.cache_info().currsize
1
"""

import functools

__all__ = ["remember_short", "SHORT_TEXT"]

#: Texts up to this many characters are remembered (the largest named query has about 8,000).
SHORT_TEXT = 16_384


def remember_short(maxsize=1024, most_chars=SHORT_TEXT):
    """Decorate ``function(text, *rest)`` so that calls with a text of at most ``most_chars`` are cached (LRU)."""

    def decorate(function):
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def call(text, *rest):
            if len(text) <= most_chars:
                return cached(text, *rest)
            return function(text, *rest)

        # the lru_cache's own controls, on the wrapper (which functools.wraps' type does not declare)
        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call

    return decorate
