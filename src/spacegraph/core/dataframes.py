"""Tables as pandas DataFrames, for the results that offer ``to_dataframe()``: pandas is imported only then."""

from __future__ import annotations

from typing import Any

__all__ = ["dataframe"]


def dataframe(rows: list[dict[str, Any]], columns: list[str] | None = None) -> Any:
    """Return ``rows`` (dicts) as a pandas DataFrame; say how to install pandas when it is missing.

    Examples
    --------
    >>> dataframe([{"actor": "China", "score": 0.5}]).shape
    (1, 2)
    """
    try:
        import pandas
    except ImportError:
        from ..errors import MissingDependency

        raise MissingDependency("to_dataframe() needs pandas; install it with: pip install 'spacegraph[notebook]'") from None
    return pandas.DataFrame(rows, columns=columns)
