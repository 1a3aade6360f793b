"""Names a package exports but imports only when first used, so that start-up stays light."""

import importlib

__all__ = ["lazy_exports"]


def lazy_exports(package, table):
    """Return a module ``__getattr__`` that imports each name of ``table`` from its module on first use.

    Parameters
    ----------
    package : str
        The importing package's ``__name__``; module names in ``table`` are relative to it.
    table : dict
        Exported name to the module, relative (``".library"``), that defines it.

    Examples
    --------
    >>> getattr_ = lazy_exports("spacegraph", {"paths_module_name": ".paths"})
    >>> getattr_("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'spacegraph' has no attribute 'nothing'
    """

    def __getattr__(name):
        if name not in table:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(table[name], package), name)

    return __getattr__
