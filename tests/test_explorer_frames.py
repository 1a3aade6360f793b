"""The explorer benchmark counts frames as Chromium displayed them, each once (benchmarks/bench_explorer.py)."""

import pytest
from helpers import benchmark_module


@pytest.fixture(scope="module")
def bench():
    return benchmark_module("bench_explorer")


def report(number, ts, state, display=None, *, thread=1, pid=7):
    """One ``PipelineReporter`` report: its begin and end events, ``ts`` its end in µs."""
    reporter = {"state": state, "frame_sequence": number}
    if display is not None:
        reporter["display_trace_id"] = display
    key = {"id2": {"local": hex(number)}, "pid": pid, "tid": thread, "name": "PipelineReporter"}
    return [{**key, "ph": "b", "ts": ts - 500, "args": {"frame_reporter": reporter}}, {**key, "ph": "e", "ts": ts, "args": {}}]


def trace(*reports):
    return {"traceEvents": [event for events in reports for event in events] + [{"name": "other", "ph": "X", "ts": 0, "pid": 7}]}


def test_a_frame_reported_twice_is_counted_once_at_its_first_report(bench):
    frames = trace(
        report(1, 10_000, "STATE_PRESENTED_ALL", display=101),
        report(2, 26_000, "STATE_PRESENTED_ALL", display=102),
        report(9, 27_000, "STATE_PRESENTED_ALL", display=102, thread=2),  # the main thread's report of the same frame
        report(3, 42_000, "STATE_PRESENTED_PARTIAL", display=103),
        report(4, 50_000, "STATE_DROPPED"),
        report(5, 58_000, "STATE_NO_UPDATE_DESIRED"),
    )
    assert bench.presented_frames(frames) == ([10.0, 26.0, 42.0], 1)


def test_frames_of_two_processes_or_without_a_display_id_are_each_counted(bench):
    frames = trace(
        report(1, 10_000, "STATE_PRESENTED_ALL", display=101),
        report(1, 11_000, "STATE_PRESENTED_ALL", display=101, pid=8),
        report(2, 20_000, "STATE_PRESENTED_ALL"),
        report(3, 30_000, "STATE_PRESENTED_ALL"),
    )
    assert bench.presented_frames(frames) == ([10.0, 11.0, 20.0, 30.0], 0)


def test_frame_figures_from_frame_times(bench):
    figures = bench.frame_figures([0.0, 20.0, 40.0, 60.0, 100.0], 3)
    assert figures == {"fps": 40.0, "median": 20.0, "p95": 40.0, "dropped": 3}
    # a gesture during which the page presented a single frame: one frame in its two seconds
    assert bench.frame_figures([5.0], 0, seconds=2.0)["fps"] == 0.5
