"""The checks are listed once, in ``validation.REGISTRY``; the totals, the split between processes and the docs follow it."""

import re
from pathlib import Path

import spacegraph.validation as validation
from spacegraph.validation import CHECKS, PROGRESS_STEPS, REGISTRY
from spacegraph.workflows.build import BUILD_STEPS, VALIDATE_STEPS

ROOT = Path(__file__).resolve().parents[1]


def test_the_names_and_steps_are_read_from_the_registry():
    assert CHECKS == tuple(check.name for check in REGISTRY)
    assert PROGRESS_STEPS == tuple(check.step for check in REGISTRY if check.step)
    assert VALIDATE_STEPS == ("loaded", *PROGRESS_STEPS)
    assert BUILD_STEPS[: len(VALIDATE_STEPS)] == VALIDATE_STEPS
    assert {check.runs for check in REGISTRY} <= {"files", "first", "shacl", "beside", "after"}


def test_every_check_runs_and_reports_its_step_once(kg):
    steps = []
    report = validation.validate(kg, progress=steps.append)
    assert tuple(steps) == PROGRESS_STEPS
    assert report.checks_run == CHECKS


def test_the_manual_and_the_module_list_every_check_and_no_other():
    manual = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    in_table = re.findall(r"^\| `(\w+)` \|", manual, flags=re.M)
    assert sorted(in_table) == sorted(CHECKS) and len(in_table) == len(set(in_table))
    listed = re.findall(r"^``(\w+)``$", validation.__doc__, flags=re.M)
    assert sorted(listed) == sorted(CHECKS)
