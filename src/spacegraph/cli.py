"""The ``spacegraph`` command line: a thin layer over the library.

Library errors become one-line messages and a non-zero exit code; nothing
here holds logic the library lacks.
"""

import functools
import json
import sys
import time
from pathlib import Path

import click

from .errors import SpacegraphError, ValidationFailed


def _reports_errors(command):
    """Turn library errors into one line on stderr and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ValidationFailed as error:
            for problem in error.report.problems:
                click.echo(str(problem), err=True)
            raise click.ClickException(str(error)) from None
        except SpacegraphError as error:
            raise click.ClickException(str(error)) from None

    return wrapper


_data_files_argument = click.argument(
    "files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path)
)


def _files_or_default(files):
    return list(files) if files else None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="spacegraph")
def main():
    """spacegraph: the knowledge graph of the space sector's actors, every relationship quoted.

    Run `spacegraph COMMAND --help` for a command's options.
    """


@main.command()
@_data_files_argument
@click.option("--sources", "sources_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of source texts to check quotes against [default: graph_data/sources].")
@_reports_errors
def validate(files, sources_dir):
    """Check the data: parsing, SHACL shapes, evidence, verbatim quotes, references, labels.

    FILES are Turtle or N-Triples data files to check instead of the project's
    graph_data/*.ttl; the ontology is always loaded with them. Prints one line
    per problem and exits 1 if there is any.
    """
    from .validation import validate_files

    started = time.perf_counter()
    report = validate_files(_files_or_default(files), sources_dir=sources_dir)
    elapsed = time.perf_counter() - started
    if not report.ok:
        for problem in report.problems:
            click.echo(str(problem), err=True)
        counts = ", ".join(f"{count} {check}" for check, count in report.count_by_check().items())
        noun = "problem" if len(report.problems) == 1 else "problems"
        raise click.ClickException(f"{len(report.problems)} {noun} ({counts})")
    click.echo(f"valid: {len(report.checks_run)} checks passed in {elapsed:.2f} s")


@main.command()
@_data_files_argument
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build"), show_default=True, help="Folder to write the merged graph into.")
@_reports_errors
def build(files, output_dir):
    """Load, validate and write the merged graph as Turtle, N-Triples and JSON-LD.

    Writes OUTPUT/spacegraph.ttl, spacegraph.nt and spacegraph.jsonld, then
    prints a summary. If validation fails, nothing is written and the exit
    code is 1.
    """
    from .build import build_graph

    started = time.perf_counter()
    result = build_graph(_files_or_default(files), output_dir=output_dir)
    elapsed = time.perf_counter() - started
    for line in result.stats.summary_lines():
        click.echo(line)
    click.echo(f"validation     passed ({len(result.report.checks_run)} checks)")
    for path in result.written:
        click.echo(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KiB)")
    click.echo(f"built in {elapsed:.2f} s")


@main.command()
@_data_files_argument
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Print a readable summary or JSON.")
@_reports_errors
def stats(files, output_format):
    """Count entities per class, relationships per predicate, quotes and sources.

    Also lists the entities without any relationship.
    """
    from .loader import load

    figures = load(_files_or_default(files)).stats()
    if output_format == "json":
        click.echo(json.dumps(figures.to_dict(), indent=2, ensure_ascii=False))
        return
    for line in figures.summary_lines(detail=True):
        click.echo(line)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
