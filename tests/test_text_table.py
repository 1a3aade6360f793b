"""The one layout of text tables: cells wrap as textwrap would wrap them, faster."""

import random
import textwrap

from spacegraph.core.text_table import _wrap, text_table


def test_cells_wrap_as_textwrap_wraps_them():
    """Line for line, up to the spaces a line ends with (a table pads every line to its column anyway)."""
    rng = random.Random(7)
    for _ in range(20_000):
        words = ["".join(rng.choices("abcdef-é", k=rng.choice([1, 2, 3, 5, 8, 13, 21]))) for _ in range(rng.randint(0, 8))]
        cell = " ".join(words)
        width = rng.randint(1, 25)
        expected = [line.rstrip(" ") for line in textwrap.wrap(cell, width, break_long_words=True, break_on_hyphens=False) or [""]]
        assert _wrap(cell, width) == expected, (cell, width)


def test_cells_of_other_whitespace_are_wrapped_by_textwrap():
    for cell in ("two  spaces here", " leading", "tab\there", "line\nbreak"):
        assert _wrap(cell, 6) == (textwrap.wrap(cell, 6, break_long_words=True, break_on_hyphens=False) or [""])


def test_a_long_quote_wraps_inside_its_column():
    quote = "The Aerospace Force replaced the Strategic Support Force in April 2024."
    lines = text_table(["actor", "quote"], [["ASF", quote]], width=30).splitlines()
    assert [line[:5].strip() for line in lines[2:-1]][0] == "ASF" and len(lines) > 4
    assert all(len(line) <= 30 for line in lines)
    assert " ".join(line[7:].strip() for line in lines[2:]) == quote
