"""Names a package exports but imports only when first used, so that start-up stays light.

The scheme is SPEC 1's (Scientific Python's lazy loading): a package's ``__getattr__``
imports a name, or a subpackage, the first time it is asked for, and its ``__dir__``
and ``__all__`` list them all, so that ``dir(spacegraph)`` and a notebook's completion
show what the package offers before anything is imported.
"""

import importlib

__all__ = ["attach"]


def attach(package, exports, submodules=(), eager=()):
    """Return ``(__getattr__, __dir__, __all__)`` for a package that imports its names on first use.

    Parameters
    ----------
    package : str
        The package's ``__name__``; module names in ``exports`` are relative to it.
    exports : dict
        Exported name to the module, relative (``".graph"``), that defines it.
    submodules : iterable of str
        Subpackages or modules reached as attributes (``spacegraph.network``) without an import.
    eager : iterable of str
        Names the package defines itself (``__version__``), listed with the others.

    Examples
    --------
    >>> getattr_, dir_, all_ = attach("spacegraph", {"load": ".graph"}, submodules=["network"], eager=["__version__"])
    >>> all_ == dir_() == ["__version__", "load", "network"]
    True
    >>> getattr_("network").__name__
    'spacegraph.network'
    >>> getattr_("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'spacegraph' has no attribute 'nothing'
    """
    submodules = frozenset(submodules)
    names = sorted({*exports, *submodules, *eager})

    def __getattr__(name):
        if name in submodules:
            return importlib.import_module(f"{package}.{name}")
        if name in exports:
            return getattr(importlib.import_module(exports[name], package), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return list(names)

    return __getattr__, __dir__, list(names)

