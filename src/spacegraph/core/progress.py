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

import os
import sys

__all__ = ["Progress", "DELAY"]

#: Seconds before a bar appears: quick steps stay silent (SPACEGRAPH_PROGRESS_DELAY overrides it).
DELAY = float(os.environ.get("SPACEGRAPH_PROGRESS_DELAY", "1.0"))


class Progress:
    """A context manager whose value is a callback: each call completes one named step."""

    def __init__(self, description, total, *, stream=None, delay=DELAY):
        self.description = description
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.bar = None

    def __enter__(self):
        from tqdm import tqdm

        enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.bar = tqdm(total=self.total, desc=self.description, file=self.stream, delay=self.delay,
                        disable=not enabled, leave=False, unit="step", dynamic_ncols=True)
        return self.step

    def step(self, name=None):
        """Mark one step done; ``name`` says what comes next."""
        if name:
            self.bar.set_postfix_str(str(name), refresh=False)
        self.bar.update(1)

    def __exit__(self, *exc):
        self.bar.close()
        return False
