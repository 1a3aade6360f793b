"""Progress on stderr for the steps people wait for: shown after about a second, only on a terminal.

The library reports its steps through a plain callback, ``progress(step)``;
this module turns those calls into a tqdm bar for the command line.

Examples
--------
>>> import io
>>> class Terminal(io.StringIO):
...     def isatty(self):
...         return True
>>> out = Terminal()
>>> with Progress("validating", total=2, stream=out, delay=0) as step:
...     step("SHACL shapes")
...     step("quotes")
>>> "validating:" in out.getvalue()
True
>>> quiet = io.StringIO()  # not a terminal: nothing is shown
>>> with Progress("validating", total=2, stream=quiet, delay=0) as step:
...     step("SHACL shapes")
>>> quiet.getvalue()
''
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, Never, TextIO

if TYPE_CHECKING:
    from tqdm import tqdm

__all__ = ["Progress", "DELAY"]

#: Seconds before a bar appears: quick steps stay silent (SPACEGRAPH_PROGRESS_DELAY overrides it).
DELAY = float(os.environ.get("SPACEGRAPH_PROGRESS_DELAY", "1.0"))


class Progress:
    """A context manager whose value is a callback: each call completes one named step."""

    def __init__(self, description: str, total: int, *, stream: TextIO | None = None, delay: float = DELAY) -> None:
        self.description = description
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.bar: tqdm[Never] | None = None  # a bar without an iterable: tqdm[Never] in its stubs

    def __enter__(self) -> Callable[[object], None]:
        from tqdm import tqdm

        enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.bar = tqdm(total=self.total, desc=self.description, file=self.stream, delay=self.delay,
                        disable=not enabled, leave=False, unit="step", dynamic_ncols=True)
        return self.step

    def step(self, name: object = None) -> None:
        """Mark one step done; ``name`` says what comes next."""
        assert self.bar is not None, "a step outside the with block"
        if name:
            self.bar.set_postfix_str(str(name), refresh=False)
        self.bar.update(1)

    def __exit__(self, *exc: object) -> Literal[False]:
        if self.bar is not None:
            self.bar.close()
        return False
