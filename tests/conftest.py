from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def kg():
    import spacegraph

    return spacegraph.load()


@pytest.fixture
def fixture_path():
    return lambda name: DATA / name
