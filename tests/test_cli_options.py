"""Options mean the same in every command: declared once, with one table of timeouts, and --data-dir everywhere."""

import json
import shutil

import click
import pytest
from click.testing import CliRunner

from spacegraph.cli import TIMEOUTS, main
from spacegraph.core import paths


def _options(command):
    return {name: parameter for parameter in main.commands[command].params for name in parameter.opts}


@pytest.mark.parametrize("command, job", [("query", "query"), ("serve", "serve"), ("push", "push"), ("centrality", "network"),
                                          ("communities", "network"), ("path", "network"), ("export", "network"),
                                          ("render", "network")])
def test_each_timeout_takes_its_default_from_the_one_table(command, job):
    option = _options(command)["--timeout"]
    assert option.default == TIMEOUTS[job][0] and option.help == TIMEOUTS[job][1]


@pytest.mark.parametrize("name", ["--sources", "--build", "--data-dir"])
def test_a_shared_option_is_a_folder_in_every_command_that_has_it(name):
    having = [command for command in main.commands if name in _options(command)]
    assert len(having) >= 3
    for command in having:
        kind = _options(command)[name].type
        assert isinstance(kind, click.Path) and not kind.file_okay, (command, name)


def test_data_dir_reads_a_data_folder_as_the_project_reads_graph_data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(paths.data_dir(), folder, ignore=shutil.ignore_patterns("review"))
    runner = CliRunner()
    mine = runner.invoke(main, ["stats", "--format", "json", "--data-dir", str(folder), "--rebuild"])
    theirs = runner.invoke(main, ["stats", "--format", "json", "--rebuild"])
    assert mine.exit_code == theirs.exit_code == 0, mine.output
    assert json.loads(mine.output) == json.loads(theirs.output)
    (folder / "military.ttl").unlink()  # the folder's files are what is read
    fewer = runner.invoke(main, ["stats", "--format", "json", "--data-dir", str(folder), "--rebuild"])
    assert json.loads(fewer.output)["triples"] < json.loads(mine.output)["triples"]


@pytest.mark.parametrize("command", ["query", "stats", "centrality", "communities", "path", "ingest"])
def test_each_commands_formats_are_the_registrys(command):
    from spacegraph.core.formats import COMMANDS

    option = _options(command)["--format"]
    assert tuple(option.type.choices) == COMMANDS[command] and option.default == COMMANDS[command][0]


def test_every_registered_format_is_written(kg):
    from spacegraph.core.formats import NETWORK_EXPORTS, QUERY, RDF
    from spacegraph.graph.export import serialize
    from spacegraph.network.export import EXPORT_FORMATS

    result = kg.query("ilrs-members")
    assert all(result.serialize(fmt).strip() for fmt in QUERY)
    assert tuple(_options("export")["--format"].type.choices) == EXPORT_FORMATS == NETWORK_EXPORTS
    assert all(serialize(kg.graph, fmt).strip() for fmt in RDF)
