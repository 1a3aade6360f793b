"""What the benchmark scripts share: the size argument and how a table is reported."""

from pathlib import Path


def check_size(parser, triples, minimum=1000):
    """Stop with a clear message when the requested size is out of range."""
    if triples < minimum:
        parser.error(f"--triples must be at least {minimum}, got {triples}")


def report(table, output=None):
    """Print a Markdown table and, when asked, write it to ``output`` (its folder is made)."""
    print(table)
    if output:
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(table, encoding="utf-8")
