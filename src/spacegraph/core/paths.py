"""Where spacegraph finds its ontology, data, sources and queries.

The top-level ``ontology/``, ``graph_data/`` and ``queries/`` folders are the
source of truth. The project used is, in this order: the folder named by
``$SPACEGRAPH_PROJECT``; the working folder or the nearest folder above it
that holds ``ontology/spacegraph.ttl`` and ``graph_data/`` (so that a second
checkout reads and writes its own data, whatever environment runs it); the
copies an installed wheel carries under ``spacegraph/_data/``; the checkout
the package was installed from.

Examples
--------
>>> from spacegraph.core import paths
>>> paths.ontology_file().name
'spacegraph.ttl'
>>> names = [p.name for p in paths.data_files()]
>>> "military.ttl" in names, all(name.endswith(".ttl") for name in names)
(True, True)
"""

import os
from pathlib import Path

__all__ = [
    "default_build_dir",
    "data_root",
    "project_from",
    "ontology_file",
    "shapes_file",
    "data_dir",
    "data_files",
    "sources_dir",
]

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/spacegraph (this module is in core/)


def _is_project(folder):
    return (folder / "ontology" / "spacegraph.ttl").is_file() and (folder / "graph_data").is_dir()


def project_from(start):
    """Return the nearest folder at or above ``start`` that holds a spacegraph project, or None.

    Examples
    --------
    >>> project_from("/") is None
    True
    """
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        if _is_project(candidate):
            return candidate
    return None


def data_root():
    """Return the folder holding ``ontology/`` and ``graph_data/`` (see the module's notes for the order)."""
    named = os.environ.get("SPACEGRAPH_PROJECT")
    if named:
        return Path(named).resolve()
    try:
        here = project_from(os.getcwd())
    except OSError:  # the working folder was removed
        here = None
    if here is not None:
        return here
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


def default_build_dir(build_dir: str | Path | None = None) -> Path:
    """Return the build folder: ``build_dir``, else ``$SPACEGRAPH_BUILD``, else ``build`` in the working folder.

    Parameters
    ----------
    build_dir : path-like, optional
        The folder asked for, if any.

    Returns
    -------
    Path

    Examples
    --------
    >>> default_build_dir("out").name
    'out'
    >>> import os
    >>> default_build_dir() == Path(os.environ.get("SPACEGRAPH_BUILD") or "build")
    True
    """
    return Path(build_dir or os.environ.get("SPACEGRAPH_BUILD") or "build")


def display_path(path):
    """Return ``path`` relative to the working folder when it lies below it."""
    path = Path(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative
