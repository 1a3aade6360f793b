"""Wall time of the spacegraph commands on the real data: median of N runs.

Usage: python benchmarks/cli_timing.py [--runs 5] [COMMAND ...]

Each command runs as a fresh process, as a user would start it, from a
temporary folder so that `build` writes nowhere in the checkout.
"""

import argparse
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

DEFAULT_COMMANDS = ["spacegraph build -o {tmp}/build", "spacegraph validate", "spacegraph stats",
                    "spacegraph query --list", "spacegraph query ilrs-members"]


def time_command(command, runs, cwd):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(shlex.split(command), cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            sys.exit(f"{command!r} failed with exit code {done.returncode}: {done.stderr.strip().splitlines()[-1:]}")
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (default 5)")
    parser.add_argument("commands", nargs="*", help="commands to time (default: build, validate, stats, query --list, a named query)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'command':<40} {'median':>8} {'min':>8} {'max':>8}")
        for command in args.commands or DEFAULT_COMMANDS:
            command = command.format(tmp=tmp)
            times = time_command(command, args.runs, tmp)
            shown = command.replace(tmp, "$TMP")
            print(f"{shown:<40} {statistics.median(times):>7.2f}s {min(times):>7.2f}s {max(times):>7.2f}s")


if __name__ == "__main__":
    main()
