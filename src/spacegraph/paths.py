"""Where spacegraph finds its ontology, data, sources and queries.

The top-level ``ontology/``, ``graph_data/`` and ``queries/`` folders are the
source of truth. An installed wheel carries copies of them under
``spacegraph/_data/``; a source checkout (or an editable install) reads the
folders themselves.

Examples
--------
>>> from spacegraph import paths
>>> paths.ontology_file().name
'spacegraph.ttl'
>>> sorted(p.name for p in paths.data_files())[:2]
['commercial.ttl', 'exploration.ttl']
"""

import os
from pathlib import Path

__all__ = [
    "data_root",
    "ontology_file",
    "shapes_file",
    "data_dir",
    "data_files",
    "sources_dir",
]

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_root():
    """Return the folder holding ``ontology/`` and ``graph_data/``."""
    bundled = _PACKAGE_DIR / "_data"
    if (bundled / "ontology").is_dir():
        return bundled
    return _PACKAGE_DIR.parent.parent


def ontology_file():
    """Return the path of the OWL vocabulary, ``ontology/spacegraph.ttl``."""
    return data_root() / "ontology" / "spacegraph.ttl"


def shapes_file():
    """Return the path of the SHACL shapes, ``ontology/shapes.ttl``."""
    return data_root() / "ontology" / "shapes.ttl"


def data_dir():
    """Return the folder of instance data, ``graph_data/``."""
    return data_root() / "graph_data"


def data_files():
    """Return the instance data files, ``graph_data/*.ttl``, sorted by name."""
    return sorted(data_dir().glob("*.ttl"))


def sources_dir():
    """Return the folder of captured source texts, ``graph_data/sources/``."""
    return data_dir() / "sources"


def display_path(path):
    """Return ``path`` relative to the working folder when it lies below it."""
    path = Path(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative
