"""The ``spacegraph`` command line: a thin layer over the library.

Library errors become one-line messages and a non-zero exit code; nothing
here holds logic the library lacks.
"""

import functools
import json
import os
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

import click

# the choices the options offer, from a module that imports nothing
from .core.choices import COLOR_BY, MAX_RESULTS, MEASURES, SHARD_TRIPLES, SIZE_BY, VIEWS
from .core.formats import COMMANDS as FORMATS
from .core.formats import NETWORK_EXPORTS as EXPORT_FORMATS
from .errors import AcceptFailed, SpacegraphError, ValidationFailed


def _reports_errors(command):
    """Turn library errors into one line on stderr and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ValidationFailed as error:
            for problem in error.report.problems:
                click.echo(_problem_line(problem), err=True)
            raise click.ClickException(str(error)) from None
        except AcceptFailed as error:
            for line in error.errors:
                click.echo(str(line), err=True)
            count = len(error.errors)
            hint = " (accept actors without relationships with --allow-orphans)" if any(
                "allow orphans" in str(line) for line in error.errors) else ""
            raise click.ClickException(f"nothing accepted: {count} {'error' if count == 1 else 'errors'}{hint}") from None
        except SpacegraphError as error:
            option = _OPTION_OF.get(getattr(error, "argument", None) or "")
            if option:  # a value the option's type could not check: a usage error, as click's own
                raise click.BadParameter(str(error), param_hint=option) from None
            raise click.ClickException(_with_hint(error)) from None

    return wrapper


#: The option that sets each library argument whose values only the data tells (the others are click choices).
_OPTION_OF = {"kind": "'--kind'", "date": "'--date'", "url": "'--url'", "slug": "'--slug'", "title": "'--title'",
              "publisher": "'--publisher'", "author": "'--author'", "attribution": "'--attribution'"}


def _with_hint(error):
    """The library's message, with the option or command that changes the outcome."""
    hint = _hint_for(error)
    return f"{error} ({hint})" if hint else str(error)


def _problem_line(problem):
    """A validation problem as one line, with a hint when the error behind it has one."""
    hint = _hint_for(problem.cause) if problem.cause is not None else None
    return f"{problem} ({hint})" if hint else str(problem)


def _hint_for(error):
    """What to change, on the command line, to get past ``error``; None when nothing would."""
    from .errors import (
        EmptyGraph,
        FederationRefused,
        FileTooLarge,
        InvalidArgument,
        SourceConflict,
        TooManyResults,
        UnknownQuery,
    )

    hints = [
        (FederationRefused, "allow it with --allow-federation"),
        (TooManyResults, "raise the limit with --max-results"),
        (SourceConflict, "replace it with --replace, or choose another --slug"),
        (FileTooLarge, "raise the limit with spacegraph --max-file-size"),
        (EmptyGraph, "build the ontology alone with --allow-empty"),
        (UnknownQuery, "spacegraph query --list shows them all"),
    ]
    hint = next((text for kind, text in hints if isinstance(error, kind)), None)
    if isinstance(error, InvalidArgument) and error.argument == "format":
        hint = "or give --format"
    if "encoding=" in str(error):
        hint = "name the file's encoding with --encoding"
    if "(max_pages)" in str(error):
        hint = "raise the limit with --max-pages"
    if " bytes for " in str(error) and "the upload" not in str(error) and ("stopped reading" in str(error) or "accepted" in str(error)):
        hint = "raise the limit with --max-bytes"
    return hint


_data_files_argument = click.argument(
    "files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path)
)


def _files_or_default(files):
    return list(files) if files else None


#: Seconds each kind of wait may last, the default of its --timeout: one table, read by every command.
TIMEOUTS = {
    "query": (60.0, "Seconds to wait for the answer."),
    "network": (120.0, "Seconds to wait for each answer of --endpoint."),
    "serve": (10.0, "Seconds after which a query is cancelled."),
    "push": (300.0, "Seconds to wait for the upload."),
}


def _timeout_option(job):
    """--timeout for one kind of wait (see :data:`TIMEOUTS`)."""
    default, help_text = TIMEOUTS[job]
    return click.option("--timeout", type=click.FloatRange(min=0.1), default=default, show_default=True, help=help_text)


def _sources_option(help_text="Folder of the source texts that quotes are checked against [default: graph_data/sources]."):
    """--sources: the folder of the source texts."""
    return click.option("--sources", "sources_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), help=help_text)


def _build_option(help_text="Build folder whose store to read when it holds these files, unchanged "
                            "[default: $SPACEGRAPH_BUILD, else ./build]."):
    """--build: the build folder."""
    return click.option("--build", "build_dir", type=click.Path(file_okay=False, path_type=Path), help=help_text)


def _data_dir_option(help_text):
    """--data-dir: the graph's data folder (its *.ttl files and its sources/)."""
    return click.option("--data-dir", type=click.Path(file_okay=False, exists=True, path_type=Path), help=help_text)


def _graph_options(command):
    """--data, --sources, --build and --rebuild: one way for every command that reads the graph to name its data."""

    @functools.wraps(command)
    def wrapper(*args, data_files, data_dir, sources_dir, build_dir, rebuild, **kwargs):
        files = list(data_files)
        if data_dir is not None:  # a whole data folder: its *.ttl files, and its sources/ unless --sources says otherwise
            files += sorted(data_dir.glob("*.ttl"))
            sources_dir = sources_dir or (data_dir / "sources")
        click.get_current_context().meta["spacegraph.graph"] = {
            "data_files": files, "sources_dir": sources_dir, "build_dir": build_dir, "rebuild": rebuild}
        return command(*args, **kwargs)

    options = [
        click.option("--data", "data_files", multiple=True, metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
                     help="A data file to read instead of graph_data/*.ttl; repeat for several (the ontology is always read)."),
        _data_dir_option("A data folder to read instead of graph_data/: its *.ttl files and its sources/."),
        _sources_option(),
        _build_option(),
        click.option("--rebuild", is_flag=True, help="Read the data files even when the built store is fresh."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def _load_graph(files=()):
    """Load the graph the command's --data, --sources, --build and --rebuild (and FILES) name; print its warnings."""
    from .graph import load

    chosen = click.get_current_context().meta.get("spacegraph.graph", {})
    data = [*files, *chosen.get("data_files", [])]
    kg = load(data or None, sources_dir=chosen.get("sources_dir"), build_dir=chosen.get("build_dir"),
              use_store=not chosen.get("rebuild", False))
    _warn(kg.warnings)
    return kg


def _fresh_built_store():
    """The built store the command's --data, --sources and --build name, opened read-only when it is fresh; else None.

    None too with --rebuild, or when the build is stale or missing: the command then loads
    the graph (:func:`_load_graph`), which says why the store was not used.
    """
    from .core import paths
    from .core.built_store import open_built_store

    chosen = click.get_current_context().meta.get("spacegraph.graph", {})
    if chosen.get("rebuild"):
        return None
    files = [Path(p) for p in (chosen.get("data_files") or paths.data_files())]
    if not files:
        return None
    sources = Path(chosen.get("sources_dir") or paths.sources_dir())
    store, _, _ = open_built_store(paths.default_build_dir(chosen.get("build_dir")), paths.ontology_file(), files, sources)
    return store


def _width(width):
    """The width of tables and wrapped text: as given, or the terminal's."""
    if width is not None:
        return width
    import shutil

    return shutil.get_terminal_size((120, 24)).columns


def _stops_on_interrupt(command):
    """Make Ctrl-C a normal stop of a long-running command, even while it starts: no traceback, exit code 0.

    The native extensions the command needs are imported first with Ctrl-C
    held back (an interrupt in the middle of such an import can crash the
    interpreter); one pressed meanwhile stops the command right after.
    """

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        import signal
        import threading

        try:
            held = threading.current_thread() is threading.main_thread()
            if held:
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                import oxrdflib  # noqa: F401
                import pyoxigraph  # noqa: F401
            finally:
                if held:
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            return None

    return wrapper


def _max_results_option(command):
    """--max-results: the most results one answer of --endpoint may hold (kept in the context, as --data is)."""

    def keep(context, parameter, value):
        context.meta["spacegraph.max_results"] = value

    return click.option("--max-results", type=click.IntRange(min=1), default=MAX_RESULTS, show_default=True,
                        expose_value=False, callback=keep,
                        help="Most results (rows or triples) read from one answer of --endpoint; more ends the "
                             "command with one line.")(command)


def _max_bytes_option(command):
    """--max-bytes: the largest answer of --endpoint read, in bytes (kept in the context, as --max-results is)."""

    def keep(context, parameter, value):
        context.meta["spacegraph.max_bytes"] = _size(context, parameter, value)

    return click.option("--max-bytes", metavar="SIZE", default="256M", show_default=True, expose_value=False, callback=keep,
                        help="Largest answer read from --endpoint, such as 2G; a larger one ends the command with "
                             "one line. A projection of ten million triples needs more than the default.")(command)


def _endpoint_limits():
    """The keyword arguments of RemoteEndpoint that --max-results and --max-bytes give."""
    meta = click.get_current_context().meta
    return {"max_results": meta.get("spacegraph.max_results"), "max_bytes": meta["spacegraph.max_bytes"]}


_width_option = click.option("--width", type=click.IntRange(min=40), help="Width of the text output [default: the terminal's].")


def _count(number, noun, plural=None):
    """``1 claim``, ``2 claims``."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _warn(lines):
    """Print each warning on stderr, one line each."""
    for line in lines:
        click.echo(f"warning: {line}", err=True)


def _size(context, parameter, value):
    if value is None:
        return None
    from .core.store import parse_size

    try:
        return parse_size(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="spacegraph")
@click.option("--max-file-size", metavar="SIZE", callback=_size, expose_value=True,
              help="Largest data file read, such as 2G [default: 1G]. Only regular files are read.")
def main(max_file_size):
    """spacegraph: the knowledge graph of the space sector's actors, every relationship quoted.

    Run `spacegraph COMMAND --help` for a command's options.
    """
    if max_file_size is not None:
        from .core import store

        store.MAX_FILE_BYTES = max_file_size





@main.command()
@_data_files_argument
@_sources_option()
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes validating at once: the other checks beside the shapes, and pySHACL's shards "
                   "[default: one per core].")
@click.option("--shard-triples", type=click.IntRange(min=1000), default=SHARD_TRIPLES, show_default=True,
              help="When pySHACL runs, above this many triples it runs shard by shard, with the same violations.")
@_build_option("Build folder whose validation/ keeps the last SHACL result, so that a run after a data file "
               "changed checks only what the change can affect [default: $SPACEGRAPH_BUILD, else ./build].")
@click.option("--full", is_flag=True, help="Check every node against the SHACL shapes, not only those the changed files can affect.")
@_reports_errors
def validate(files, sources_dir, workers, shard_triples, build_dir, full):
    """Check the data: parsing, SHACL shapes, evidence, verbatim quotes, references, labels.

    FILES are Turtle or N-Triples data files to check instead of the project's
    graph_data/*.ttl; the ontology is always loaded with them. Prints one line
    per problem and exits 1 if there is any. After a first run, the SHACL shapes
    are checked again only on the nodes that the changed data files can affect
    (--full checks them all); the other checks always run whole.
    """
    from .core.progress import Progress
    from .graph import default_build_dir
    from .workflows.build import VALIDATE_STEPS, load_and_validate

    started = time.perf_counter()
    with Progress("validating", total=len(VALIDATE_STEPS)) as step:
        _, report = load_and_validate(_files_or_default(files), sources_dir=sources_dir, progress=step,
                                      shard_triples=shard_triples, workers=workers,
                                      cache_dir=default_build_dir(build_dir) / "validation", full=full)
    elapsed = time.perf_counter() - started
    _warn(report.warnings)
    rechecked = (f"; SHACL checked again {_count(report.rechecked, 'node')} that the changed files can affect "
                 "(--full checks them all)") if report.rechecked else ""
    if not report.ok:
        for problem in report.problems:
            click.echo(_problem_line(problem), err=True)
        counts = ", ".join(f"{count} {check}" for check, count in report.count_by_check().items())
        noun = "problem" if len(report.problems) == 1 else "problems"
        raise click.ClickException(f"{len(report.problems)} {noun} ({counts}){rechecked}")
    click.echo(f"valid: {len(report.checks_run)} checks passed in {elapsed:.2f} s{rechecked}")


@main.command()
@_data_files_argument
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build"), show_default=True, help="Folder to write the merged graph into.")
@click.option("--allow-empty", is_flag=True, help="Build even when the data files hold no triple (the ontology alone).")
@_sources_option()
@_reports_errors
def build(files, output_dir, allow_empty, sources_dir):
    """Load, validate and write the merged graph as Turtle, N-Triples and JSON-LD.

    Writes OUTPUT/spacegraph.ttl, spacegraph.nt, spacegraph.jsonld and the
    interactive explorer.html, then prints a summary. If validation fails, or
    the data files hold no triple (unless --allow-empty), nothing is written
    and the exit code is 1.
    """
    from .core.progress import Progress
    from .workflows.build import BUILD_STEPS
    from .workflows.build import build as build_outputs

    started = time.perf_counter()
    with Progress("building", total=len(BUILD_STEPS)) as step:
        result = build_outputs(_files_or_default(files), output_dir=output_dir, progress=step, allow_empty=allow_empty,
                             sources_dir=sources_dir)
    elapsed = time.perf_counter() - started
    _warn(result.report.warnings)
    for line in result.stats.summary_lines():
        click.echo(line)
    click.echo(f"validation     passed ({len(result.report.checks_run)} checks)")
    if result.model is not None:
        click.echo(f"ingest model   {result.model.summary()}")
    for path in result.written:
        click.echo(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KiB)")
    click.echo(f"wrote {Path(output_dir) / 'store'} (the store the reading commands open while the files are unchanged)")
    click.echo(f"built in {elapsed:.2f} s")


@main.command()
@_graph_options
@_data_files_argument
@click.option("--format", "output_format", type=click.Choice(FORMATS["stats"]), default=FORMATS["stats"][0], show_default=True,
              help="Print a readable summary or JSON.")
@_reports_errors
def stats(files, output_format):
    """Count entities per class, relationships per predicate, quotes and sources.

    Also lists the entities without any relationship.
    """
    kg = _load_graph(files)
    figures = kg.stats()
    if output_format == "json":
        click.echo(json.dumps(figures.to_dict(), indent=2, ensure_ascii=False))
        return
    for line in figures.summary_lines(detail=True):
        click.echo(line)


#: The result formats of `spacegraph query` (kept here so that the CLI starts without rdflib).


def _parse_params(pairs):
    params: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--param")
        key = key.strip()
        if key in params:
            raise click.ClickException(f"--param {key} is given twice ({params[key]!r} and {value!r}); "
                                       "a parameter takes one value: run the query once for each")
        params[key] = value
    return params


def _list_queries(output_format):
    from .sparql.library import list_queries

    queries = list_queries()
    if output_format == "json":
        items = [{"name": q.name, "title": q.title, "question": q.question,
                  "params": [{"name": p.name, "type": p.type, "required": p.required, "description": p.description} for p in q.params]}
                 for q in queries]
        click.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return
    width = max(len(q.name) for q in queries)
    for q in queries:
        params = " ".join(f"{p.name}={p.type.upper()}" if p.required else f"[{p.name}={p.type.upper()}]" for p in q.params)
        click.echo(f"{q.name:<{width}}  {q.title}" + (f"  (--param {params})" if params else ""))


@main.command()
@_graph_options
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the query; repeat for several (e.g. -p actor=ASF).")
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Run the SPARQL query in this .rq file.")
@click.option("-s", "--sparql", help="Run this SPARQL query text.")
@click.option("-l", "--list", "list_names", is_flag=True, help="List the named queries and their parameters.")
@click.option("--format", "output_format", type=click.Choice(FORMATS["query"]), default=FORMATS["query"][0], show_default=True,
              help="table and markdown show labels; json, xml, csv and tsv are the SPARQL 1.1 result formats.")
@click.option("--endpoint", metavar="URL", help="Run on this remote SPARQL 1.1 query endpoint instead of the local graph.")
@_timeout_option("query")
@click.option("--allow-federation", is_flag=True, help="Allow SERVICE and FROM of remote graphs (off: they are refused).")
@_width_option
@_max_results_option
@_max_bytes_option
@_reports_errors
def query(name, params, query_file, sparql, list_names, output_format, endpoint, timeout, allow_federation, width):
    """Run a named query, a .rq file or a SPARQL string, and print the answer.

    \b
    Examples:
      spacegraph query --list
      spacegraph query ilrs-members
      spacegraph query actor-profile -p actor=ASF
      spacegraph query evidence -p actor=Russia -p other=China --format csv
      spacegraph query --sparql 'SELECT ?s WHERE { ?s a sg:State }'
      spacegraph query --endpoint http://127.0.0.1:7878/query missions
    """
    chosen = [flag for flag, value in (("NAME", name), ("--file", query_file), ("--sparql", sparql), ("--list", list_names)) if value]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of NAME, --file, --sparql or --list" + (f" (got {', '.join(chosen)})" if chosen else ""))
    if list_names:
        return _list_queries(output_format)
    target_query = name or sparql
    if query_file is not None:
        from .sparql.library import read_query_file

        target_query = read_query_file(query_file)
    chosen_params = _parse_params(params)  # a malformed or repeated parameter is refused before any loading
    store = None if endpoint else _fresh_built_store()
    if store is not None:  # the store alone: no rdflib, no graph object
        from .sparql import store_query
        from .sparql.answer_text import shown_columns, write_answer

        answer, warnings = store_query.query_store(store, target_query, chosen_params, allow_federation=allow_federation,
                                                   timeout=timeout)
        _warn(warnings)
        labels = {}
        if output_format in ("table", "markdown"):  # the labels of the IRIs the table shows, and no others
            columns = shown_columns(answer)
            labels = store_query.labels_of(store, {row[i] for row in answer.rows for i in columns if type(row[i]) is str})
        click.echo(write_answer(answer, output_format, labels=labels, width=_width(width)), nl=False)
        _say_next_page(name, chosen_params, len(answer.rows))
        return
    from .sparql.query import run_query

    if endpoint:
        from .graph.remote import RemoteEndpoint

        target = RemoteEndpoint(endpoint, timeout=timeout, **_endpoint_limits())
        given_labels: dict[str, str] | None = {}
    else:
        target = _load_graph()
        given_labels = None
    result = run_query(target, target_query, chosen_params, allow_federation=allow_federation, timeout=timeout)
    _warn(result.warnings)
    if given_labels is None:  # the labels of the IRIs the answer shows, and no others
        given_labels = target.source.labels_of({str(term) for row in result.rows for term in row if term is not None})
    click.echo(result.serialize(output_format, labels=given_labels, width=_width(width)), nl=False)
    _say_next_page(name, chosen_params, len(result))


def _say_next_page(name, params, rows):
    """On stderr, how to get the next page of a paged listing (``quotes``, ``sector-overview``...) when this one is full."""
    from .core.derived import PAGE_ROWS
    from .sparql.library import get_query

    if not name or rows < PAGE_ROWS or "page" not in [p.name for p in get_query(name).params]:
        return
    page = int(params.get("page", 1))
    click.echo(f"page {page} holds {PAGE_ROWS:,} rows, as many as a page holds; the next: "
               f"spacegraph query {name} -p page={page + 1}", err=True)


@main.command()
@_graph_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the graph to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port to listen on (0 picks a free one).")
@_timeout_option("serve")
@click.option("--result-cap", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most results (rows or triples) one query returns.")
@click.option("--allow-federation", is_flag=True, help="Let SERVICE and FROM of remote graphs through (refused by default).")
@click.option("--allow-origin", "allowed_origins", multiple=True, metavar="ORIGIN",
              help="Let pages of this web origin (https://tool.example) query the endpoint; repeatable. Other pages are refused.")
@click.option("--memory", metavar="SIZE", callback=_size, default="4G", show_default=True,
              help="Memory the query engine may use, such as 8G; a query that needs more gets 503 and the "
                   "others go on.")
@_data_files_argument
@_reports_errors
@_stops_on_interrupt
def serve(host, port, timeout, result_cap, allow_federation, allowed_origins, memory, files):
    """Serve the graph read-only over the SPARQL 1.1 Protocol, with a query page at /.

    Runs the Oxigraph server, cut off from the network, behind a small guard:
    updates get 403; SERVICE, LOAD and FROM of remote graphs get 400 unless
    --allow-federation; pages of other web origins get 403; queries are
    cancelled after --timeout seconds and answers are capped at --result-cap
    results. Results come as JSON, XML, CSV or TSV by the Accept header.
    Stop with Ctrl-C.
    """
    from .core.local_http import is_loopback
    from .sparql.server import serve as run_server

    for origin in allowed_origins:
        parts = urllib.parse.urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
            raise click.BadParameter(f"{origin!r} is not a web origin such as https://tool.example", param_hint="--allow-origin")
    kg = _load_graph(files)
    graph = kg.graph
    # a fresh built store is served where it is, read-only; otherwise the graph is loaded into a store of the engine's own
    built = kg.source.built
    store_location = os.path.realpath(built.folder / "store") if built is not None else None
    kg.source.ensure_derived()  # the counts and listings several named queries read
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this address can query the graph (there is no "
                   "authentication)", err=True)

    def announce(url):
        click.echo(f"SPARQL endpoint: {url} (read-only; timeout {timeout:g} s; at most {result_cap:,} results)")
        click.echo(f"query page:      {url.removesuffix('query')}")
        click.echo("press Ctrl-C to stop")

    run_server(graph, host=host, port=port, timeout=timeout, result_cap=result_cap, allow_federation=allow_federation,
               allowed_origins=allowed_origins, ready=announce, warn=lambda text: click.echo(f"warning: {text}", err=True),
               store_location=store_location, oxigraph_store=kg.source.store, memory=memory)


@main.command()
@_graph_options
@click.option("--endpoint", required=True, metavar="URL",
              help="The Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph), "
                   "http://127.0.0.1:8890/sparql-graph-crud-auth (Virtuoso, with --user and --graph).")
@click.option("--graph", "graph_iri", metavar="IRI", help="Named graph to replace [default: the default graph].")
@click.option("--user", metavar="NAME",
              help="User name for an endpoint that asks for one (HTTP Digest); the password comes from "
                   "$SPACEGRAPH_PASSWORD or, on a terminal, a prompt.")
@_timeout_option("push")
@_data_files_argument
@_reports_errors
def push(endpoint, graph_iri, user, timeout, files):
    """Upload the graph to a SPARQL 1.1 server with the Graph Store HTTP Protocol.

    Replaces the content of the target graph (HTTP PUT of N-Triples, one
    request: a refused upload changes nothing), then of the graph of derived
    counts and listings that several named queries read. Then
    `spacegraph query --endpoint QUERY-URL NAME` runs the named queries there.

    \b
      SPACEGRAPH_PASSWORD=... spacegraph push --user dba --graph https://w3id.org/spacegraph/graph \\
          --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth
    """
    import os

    from .core.derived import DERIVED_GRAPH
    from .errors import EndpointError
    from .graph.remote import push_knowledge_graph

    password = None
    if user is not None:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            if not sys.stdin.isatty():
                raise click.UsageError(f"--user {user} needs a password: set {PASSWORD_VARIABLE} (no terminal to ask on)")
            password = click.prompt(f"password for {user} at {endpoint}", hide_input=True)
    started = time.perf_counter()
    kg = _load_graph(files)
    try:
        count, derived = push_knowledge_graph(kg, endpoint, graph_iri=graph_iri, timeout=timeout, user=user, password=password)
    except EndpointError as error:
        if error.status == 401:
            raise EndpointError(f"{error} (check --user and {PASSWORD_VARIABLE}; nothing was changed)" if user else
                                f"{error} (give --user, with the password in {PASSWORD_VARIABLE})", status=401) from None
        if not graph_iri and error.status == 500:
            raise EndpointError(f"{error} (a server without a default graph for uploads, as Virtuoso, needs --graph IRI)",
                                status=500) from None
        raise
    target = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    click.echo(f"pushed {count:,} triples to {target} and {derived:,} derived counts to graph <{DERIVED_GRAPH}> "
               f"at {endpoint} in {time.perf_counter() - started:.2f} s")


#: Where `push --user` reads the password from (never from an option: command lines are visible to other users).
PASSWORD_VARIABLE = "SPACEGRAPH_PASSWORD"


#: Kept here so that the CLI starts without importing networkx (a test checks they match the library).
DEFAULT_MEASURES = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")


def _as_of_option(command):
    return click.option("--as-of", "as_of", metavar="DATE",
                        help="The network as it stood on this date (YYYY-MM-DD, YYYY-MM or YYYY); undated facts are always kept.")(command)


def _view_option(command):
    return click.option("--view", type=click.Choice(VIEWS), default="actors", show_default=True,
                        help="actors folds memberships, claims and reorganisations into edges; full keeps them as nodes.")(command)


def _endpoint_option(command):
    command = _max_results_option(command)
    command = _max_bytes_option(command)
    command = _timeout_option("network")(command)
    return click.option("--endpoint", metavar="URL",
                        help="Project the graph a SPARQL 1.1 endpoint holds (it does the reading) instead of the local one.")(command)


def _projection(view, as_of, endpoint=None, timeout=120.0):
    return _load_projection(view, as_of, endpoint, timeout)[1]


def _load_projection(view, as_of, endpoint=None, timeout=120.0):
    """Return the loaded graph (None for an endpoint) and its projection; a malformed --as-of is a usage error."""
    graph = _network_source(as_of, endpoint, timeout)
    return (None if endpoint else graph), graph.to_networkx(view=view, as_of=as_of)


def _network_source(as_of, endpoint=None, timeout=120.0):
    """The graph the network commands ask: the endpoint's, or the loaded one; a malformed --as-of is a usage error."""
    from .network.projection import parse_date

    if as_of is not None:
        try:
            parse_date(as_of, what="--as-of")
        except SpacegraphError as error:
            raise click.BadParameter(str(error).removeprefix("--as-of "), param_hint="--as-of") from None
    if endpoint:
        from .graph.remote import RemoteEndpoint

        return RemoteEndpoint(endpoint, timeout=timeout, **_endpoint_limits())
    return _load_graph()


@main.command()
@_graph_options
@click.option("-m", "--measure", "measures", multiple=True, type=click.Choice((*MEASURES, "all")),
              help="A measure to compute; repeat for several, or 'all' [default: degree, betweenness, closeness, "
                   "eigenvector, pagerank]. Rows are sorted by the first.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many actors to show.")
@click.option("--kind", help="Show only actors of this kind, e.g. state (scores are computed on the whole network).")
@_as_of_option
@_view_option
@click.option("--format", "output_format", type=click.Choice(FORMATS["centrality"]), default=FORMATS["centrality"][0], show_default=True)
@_width_option
@_endpoint_option
@_reports_errors
def centrality(measures, top, kind, as_of, view, output_format, width, endpoint, timeout):
    """Rank actors by centrality: degree, betweenness, closeness, harmonic, eigenvector, PageRank.

    Computed on the simple projection of the network (parallel relationships
    become a weight; path measures use distance 1/weight); scores are
    normalised, with a rank per measure.
    """
    from .core.progress import Progress

    chosen = list(MEASURES) if "all" in measures else list(measures) or list(DEFAULT_MEASURES)
    with Progress("centrality", total=len(chosen)) as step:
        table = _network_source(as_of, endpoint, timeout).centrality(chosen, kind=kind, top=top, view=view, as_of=as_of,
                                                                     progress=step)
    _print_table(table, output_format, width)
    if output_format != "json":  # JSON says it in "on" and "notes"
        for note in [table.on, *table.notes]:
            click.echo(f"note: {note}", err=True)


def _print_table(table, output_format, width):
    if output_format == "json":
        click.echo(json.dumps(table.to_dict(), indent=2, ensure_ascii=False))
        return
    columns = ["node", "label", "kind"] + [c for m in table.measures for c in (m, f"{m}_rank")]
    if output_format == "csv":
        from .core.csv_cells import csv_text

        click.echo(csv_text(columns, ([row.get(column, "") for column in columns] for row in table.rows)), nl=False)
        return
    click.echo(table.text(_width(width)), nl=False)


@main.command()
@_graph_options
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the Louvain method, for the same answer every run.")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Above 1 favours smaller communities, below 1 larger ones.")
@_as_of_option
@_view_option
@click.option("--format", "output_format", type=click.Choice(FORMATS["communities"]), default=FORMATS["communities"][0], show_default=True)
@_width_option
@_endpoint_option
@_reports_errors
def communities(seed, resolution, as_of, view, output_format, width, endpoint, timeout):
    """Find communities of actors with the Louvain method, and report the modularity.

    Computed on the simple projection of the network: one undirected edge per pair of actors,
    weighted by their relationships.
    """
    result = _network_source(as_of, endpoint, timeout).communities(seed=seed, resolution=resolution, view=view, as_of=as_of)
    if output_format == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(result.text(_width(width)))


@main.command()
@_graph_options
@click.argument("source")
@click.argument("target")
@_as_of_option
@_view_option
@click.option("--format", "output_format", type=click.Choice(FORMATS["path"]), default=FORMATS["path"][0], show_default=True,
              help="text reads as sentences with their quotes; json lists the steps.")
@click.option("--claims", is_flag=True, help="Let attributed claims link a claimant to what it speaks of [default: left out].")
@_endpoint_option
@_reports_errors
def path(source, target, as_of, view, output_format, claims, endpoint, timeout):
    """Explain how SOURCE connects to TARGET: the shortest chain of relationships, with quotes.

    SOURCE and TARGET are labels, alternative labels (acronyms) or ids such as
    sgid:argentina. An actor reaches itself in 0 steps. Attributed claims are
    views, not relationships: they make no step unless --claims is given.
    """
    from .errors import NoPath

    try:
        result = _network_source(as_of, endpoint, timeout).path(source, target, claims=claims, view=view, as_of=as_of)
    except NoPath as error:
        if not error.through_claims:
            raise
        raise NoPath(f"{error} (--claims lets them link)", through_claims=True) from None
    if output_format == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(str(result))


@main.command()
@_graph_options
@click.option("--format", "export_format", type=click.Choice(EXPORT_FORMATS),
              help="graphml and gexf open in Gephi and Cytoscape (GEXF with dates for Gephi's timeline); json is NetworkX "
                   "node-link data; csv writes NAME-nodes.csv and NAME-edges.csv [default: from the file's extension].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write: .graphml, .gexf, .json or .csv says the format.")
@_as_of_option
@_view_option
@_endpoint_option
@_reports_errors
def export(export_format, output, as_of, view, endpoint, timeout):
    """Write the network for Gephi, Cytoscape or NetworkX: GraphML, GEXF, JSON or CSV.

    The format is the file's extension (-o actors.graphml), or --format.
    Every edge carries its relationship and its quotes; files are written
    atomically.
    """
    from .network.export import export_graph, format_of

    export_format = format_of(output, export_format)
    G = _projection(view, as_of, endpoint, timeout)
    for written in export_graph(G, output, export_format):
        click.echo(f"wrote {written} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")




@main.command()
@_graph_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The HTML file to write. [default: build/explorer.html, its folder made if missing]")
@_view_option
@_as_of_option
@click.option("--size-by", type=click.Choice(SIZE_BY), default="pagerank", show_default=True,
              help="Centrality measure that sizes the nodes.")
@click.option("--color-by", type=click.Choice(COLOR_BY), default="kind", show_default=True,
              help="Colour nodes by kind or by Louvain community.")
@click.option("--title", default=None, help="Title of the page  [default: what the graph holds, from how many sources].")
@_endpoint_option
@_reports_errors
def render(output, view, as_of, size_by, color_by, title, endpoint, timeout):
    """Write the interactive explorer: one self-contained HTML page that works offline.

    Search actors by name or acronym, filter by kind, source and date, click
    an actor or a relationship to read the quotes behind it.
    """
    from .core.progress import Progress
    from .explorer.render import render_html

    started = time.perf_counter()
    with Progress("rendering", total=2) as step:
        kg, G = _load_projection(view, as_of, endpoint, timeout)
        step("projection")
        if output is None:  # the default folder is made; any other must exist
            output = Path("build") / "explorer.html"
            output.parent.mkdir(exist_ok=True)
        path = render_html(G, output, kg=kg, title=title, size_by=size_by, color_by=color_by)
        step("page")
    click.echo(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KiB, {G.number_of_nodes()} actors, "
               f"{G.number_of_edges()} relationships) in {time.perf_counter() - started:.2f} s")


@main.command()
@click.argument("documents", nargs=-1, type=click.Path(path_type=Path))
@click.option("--title", help="The source's title [default: what the file says, or its first line]; one document only.")
@click.option("--date", help="The source's publication date, YYYY-MM-DD [default: the file's metadata, if it has one].")
@click.option("--url", help="Where the source is published (http or https); one document only.")
@click.option("--publisher", help="Who published the source.")
@click.option("--author", "authors", multiple=True, help="An author of the source; repeat for several.")
@click.option("--slug", help="The source's short name, used in file names and its id [default: made from the title]; one document only.")
@click.option("--licence", help="The licence the source is under, by its name ('CC BY-SA 4.0'); it travels with its quotes.")
@click.option("--licence-url", help="The licence's address (http or https).")
@click.option("--attribution", help="The attribution line the licence asks for; one document only.")
@click.option("--encoding", help="The text encoding of a .txt, .md or .html file [default: UTF-8, or the page's charset].")
@click.option("--replace", is_flag=True, help="Replace a different text already stored under the slug; lists quotes it breaks.")
@click.option("--max-pages", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Most pages of a PDF read; a PDF with more is refused before its text is extracted.")
@click.option("--dry-run", is_flag=True, help="Propose, but write nothing.")
@click.option("--refresh", "refresh_sheet", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Read SHEET's source again against the graph as it is now and renew its undecided rows.")
@click.option("--format", "output_format", type=click.Choice(FORMATS["ingest"]), default=FORMATS["ingest"][0], show_default=True,
              help="json prints every proposal: mentions, new actors, candidate relationships (a list for several documents).")
@_data_dir_option("The graph's data folder [default: graph_data/ of the project in the working folder].")
@_reports_errors
def ingest(documents, title, date, url, publisher, authors, slug, licence, licence_url, attribution, encoding, replace, max_pages,
           dry_run, refresh_sheet, output_format, data_dir):
    """Store each DOCUMENT as a source and propose the actors and relationships it states.

    Reads .txt, .md, .html/.htm (the main text only) and .pdf (the text layer); a
    folder stands for the documents in it (but its README). A description beside a
    document, NAME.json for NAME.txt, gives its title, publisher, date, URL, authors,
    licence and attribution; the options win over it. Stores each normalised text in
    graph_data/sources/<slug>.txt, describes the source in graph_data/<slug>.ttl, and
    writes one review sheet per document, graph_data/review/<slug>.csv: one row per
    proposed actor, relationship and claim, each with the sentence that states it.
    Review it with `spacegraph review`, then run `spacegraph accept` on it. A document
    that cannot be read is reported and the others go on.
    """
    from .core.paths import display_path
    from .core.progress import Progress
    from .workflows.curate import Ingester, refresh

    if refresh_sheet is not None:
        if documents:
            raise click.UsageError("give either DOCUMENTS or --refresh SHEET, not both")
        refreshed = refresh(refresh_sheet, data_dir=data_dir)
        from .core.terms import compact

        for name, iri in refreshed.now_known:
            click.echo(f"now known   {name!r} is {compact(iri)}")
        click.echo(f"refreshed   {display_path(refreshed.sheet_path)}: {refreshed.decided} decided rows kept, "
                   f"{refreshed.after - refreshed.decided} undecided rows proposed again (were {refreshed.before - refreshed.decided})")
        return
    if not documents:
        raise click.UsageError("give one or more DOCUMENTS (files or folders), or --refresh SHEET")
    files = _documents_in(documents)
    single = {"--title": title, "--url": url, "--slug": slug, "--attribution": attribution}
    given = [option for option, value in single.items() if value]
    if len(files) > 1 and given:
        raise click.UsageError(f"{', '.join(given)} describes one document; {len(files)} were given")
    ingester = Ingester(data_dir)
    records, failed = [], 0
    with Progress("ingesting", total=len(files)) as step:
        for path in files:
            try:
                result = ingester.ingest(path, title=title, date=date, url=url, publisher=publisher, authors=list(authors) or None,
                                         slug=slug, licence=licence, licence_url=licence_url, attribution=attribution,
                                         encoding=encoding, replace=replace, dry_run=dry_run, max_pages=max_pages)
            except SpacegraphError as error:
                if len(files) == 1 or getattr(error, "argument", None) in _OPTION_OF:  # about the command, not this document
                    raise
                failed += 1
                click.echo(f"error: {_with_hint(error)}", err=True)
                step(path.name)
                continue
            if output_format == "json":
                records.append(_ingest_record(result))
            else:
                if not records and not failed:  # which project's data is read and written, once
                    shown = display_path(ingester.data_dir)
                    click.echo(f"data        {ingester.data_dir.resolve() if shown == '.' else shown}")
                records.append(result)
                _report_ingest(result, dry_run)
            step(path.name)
    if output_format == "json":
        click.echo(json.dumps(records[0] if len(files) == 1 else records, ensure_ascii=False, indent=2))
    if failed:
        raise click.ClickException(f"{failed} of {len(files)} documents not ingested")


def _documents_in(paths):
    """The documents PATHS name: files as given, folders by the files in them that ingest reads (but a README), sorted."""
    from .ingest.read import DOCUMENT_FORMATS

    found = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in DOCUMENT_FORMATS and p.is_file()
                            and not any(part.startswith(".") for part in p.relative_to(path).parts)
                            and p.stem.lower() != "readme")   # a folder's README describes it: it is no source
            if not inside:
                raise click.BadParameter(f"{path}: no document ({', '.join(sorted(DOCUMENT_FORMATS))}) in this folder",
                                         param_hint="DOCUMENTS")
            found += inside
        else:
            found.append(path)
    return found


def _ingest_record(result):
    record = result.record
    payload: dict[str, Any] = result.proposals.to_json() if result.proposals is not None else {
        "source": {"slug": record.slug, "title": record.title, "sha256": record.sha256},
        "mentions": [], "new_entities": [], "candidates": []}
    payload["source"].update(status=result.status, assumed=result.assumed, broken_quotes=result.broken_quotes)
    return payload


def _report_ingest(result, dry_run):
    from .core.paths import display_path

    record = result.record
    if result.status == "unchanged" and result.proposals is None:
        click.echo(f"already ingested as {record.slug!r} (same text, SHA-256 {record.sha256[:12]}…): nothing changed")
        return
    for line in result.assumed:
        click.echo(f"assumed: {line}")
    proposals = result.proposals
    linked = [m for m in proposals.mentions if m.entity]
    possible = [m for m in proposals.mentions if m.possible]
    ambiguous = [m for m in proposals.mentions if m.ambiguous]
    hedged = {c.sentence for c in proposals.candidates if c.hedged}
    relationships = sum(1 for c in proposals.candidates if not c.hedged)
    click.echo(f"source      {record.title} ({record.slug}, {len(proposals.sentences)} sentences)")
    click.echo(f"linked      {len(linked)} mentions of {len({m.entity for m in linked})} known actors; "
               f"{len(possible)} possible, {len(ambiguous)} ambiguous")
    click.echo(f"proposed    {_count(len(proposals.new_entities), 'new actor')}, {_count(relationships, 'relationship')}, "
               f"{_count(len(hedged), 'claim')}")
    for line in proposals.warnings:
        click.echo(f"warning: {line}", err=True)
    for quote in result.broken_quotes:
        click.echo(f"warning: a quote of {record.slug} no longer verifies: {quote!r}", err=True)
    if dry_run:
        already = f"; already ingested as {result.same_as!r}" if result.same_as else ""
        click.echo(f"dry run: nothing written{already}")
        return
    verb = {"new": "stored", "replaced": "replaced", "unchanged": "kept"}[result.status]
    click.echo(f"{verb:<11} {display_path(result.written[0])}")
    click.echo(f"review      {display_path(result.sheet_path)}: run `spacegraph review {display_path(result.sheet_path)}`, "
               "or fill its decision column (accept or reject); then run")
    click.echo(f"            spacegraph accept {display_path(result.sheet_path)}")


@main.command()
@click.argument("sheet", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="The port on 127.0.0.1 (0: a free one).")
@click.option("--no-browser", is_flag=True, help="Print the page's address instead of opening it in the browser.")
@_data_dir_option("The graph's data folder [default: the folder above the sheet's review/, else graph_data/].")
@_reports_errors
def review(sheet, port, no_browser, data_dir):
    """Review SHEET in a local page, one row at a time, with the keyboard.

    Serves one page on 127.0.0.1, under a random token in its address, and opens it in the
    browser. Each row shows its sentence with both actors highlighted and the ranked
    predicates or classes, each picked with one key; every decision is written to the sheet
    at once, and the page ends by accepting the reviewed rows. The sheet stays a CSV file that
    any spreadsheet can edit (the page refuses to overwrite a sheet changed on disk). Ctrl-C
    stops it.
    """
    from .workflows.review.server import serve_review
    from .workflows.review.session import ReviewSession

    with ReviewSession(sheet, data_dir=data_dir) as session:
        def ready(url):
            click.echo(f"review      {session.record.title}: {session.counts()['rows']} rows")
            click.echo(f"page        {url}")
            click.echo("            Ctrl-C stops it; every decision is already in the sheet")

        serve_review(session, port=port, ready=ready, open_browser=not no_browser)


@main.command()
@click.argument("sheet", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_data_dir_option("The graph's data folder [default: the folder above the sheet's review/, else graph_data/].")
@click.option("--allow-orphans", is_flag=True,
              help="Accept new actors that take part in no accepted relationship or claim (they are refused otherwise).")
@_reports_errors
def accept(sheet, data_dir, allow_orphans):
    """Turn the accepted rows of a review SHEET into data, if the whole graph still validates.

    New actors, aliases, relationships (each with its quote) and attributed claims go
    to graph_data/<slug>.ttl; rejected rows are remembered, so that the source does not
    propose them again. If any row is wrong, or validation fails, each error names the
    sheet row, nothing is written and the exit code is 1.
    """
    from .core.paths import display_path
    from .workflows.curate import accept as accept_sheet

    result = accept_sheet(sheet, data_dir=data_dir, allow_orphans=allow_orphans)
    _warn(result.warnings)
    for label in result.orphans:
        click.echo(f"warning: new actor {label!r} takes part in no relationship or claim (accepted with --allow-orphans)", err=True)
    click.echo(f"accepted    {_count(result.actors, 'new actor')}, {_count(result.aliases, 'alias', 'aliases')}, "
               f"{_count(result.relationships, 'relationship')} ({result.second_quotes} already stated: a second quote), "
               f"{_count(result.claims, 'claim')}")
    click.echo(f"rejected    {_count(result.rejected, 'row')} (remembered); {_count(result.pending, 'row')} still undecided")
    click.echo(f"wrote       {display_path(result.data_file)} (validated)")


def entry() -> None:
    """The ``spacegraph`` command's entry point: the command line, in a process that never plots."""
    from .core._shortcuts import matplotlib_unused

    matplotlib_unused()  # igraph would import matplotlib.pyplot for nothing: a third of a cold `spacegraph communities`
    main()


if __name__ == "__main__":  # pragma: no cover
    entry()
