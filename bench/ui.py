#!/usr/bin/env python3
"""`git ml ui` benchmark (issue 15), measured in Debian's chromium, headless, on the real server:

- the Runs page over 10,000 runs (the runs of bench/runs.py): time from navigation to the table laid out, as the page
  itself records it (performance.now() when the last row is in the DOM and laid out; target under 1 s), beside
  the runs/search request alone (the floor: fetching the same runs without drawing them);
- the Compare page of 10 runs x 100,000 steps: navigation to the chart drawn (target under 1 s), the server
  downsampling each history to 2,000 points (LTTB); beside one metrics/get-history of 25,000 points (MLflow's page);
- the UI's static assets embedded in the binary (target under 3 MB).

Usage: ui.py --git-ml-bin DIR [--runs N]
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import format_seconds, publish_results  # noqa: E402
from runs import Bench as RunsBench  # noqa: E402

STEPS = 100_000
COMPARED = 10


class Ui:
    """A `git ml ui --no-open --json --port 0` process."""

    def __init__(self, git_ml, repo, env):
        self.process = subprocess.Popen([git_ml, "ui", "--no-open", "--json", "--port", "0"], cwd=repo, env=env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = json.loads(self.process.stdout.readline())["url"]

    def post(self, endpoint, message):
        request = urllib.request.Request(self.url + "api/2.0/mlflow/" + endpoint, data=json.dumps(message).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            return json.loads(response.read())

    def get(self, path):
        with urllib.request.urlopen(self.url + path) as response:
            return response.read()

    def stop(self):
        self.process.send_signal(2)
        self.process.wait(timeout=60)


def chromium(url, work):
    """The DOM chromium builds for url (headless, 1280x720)."""
    binary = shutil.which("chromium") or sys.exit("chromium is not installed: apt-get install chromium")
    result = subprocess.run([binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={work / 'profile'}",
                             "--window-size=1280,720", "--virtual-time-budget=30000", "--dump-dom", url],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=300)
    return result.stdout


def page_time(url, work, rows_expected=None):
    dom = chromium(url, work)
    match = re.search(r'data-since-navigation-ms="(\d+)"', dom)
    if not match:
        sys.exit(f"the page recorded no time: {url}\n{dom[:2000]}")
    if rows_expected is not None and f'data-rows="{rows_expected}"' not in dom:
        sys.exit(f"the runs table does not hold {rows_expected} rows")
    return int(match.group(1)) / 1000, dom


def clock(action):
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--git-ml-bin", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="git-ml-bench-ui-", dir=os.environ.get("GIT_ML_BENCH_DIR")))
    try:
        bench = RunsBench(args.git_ml_bin, work, 10_000, 1_000, args.runs)
        bench.setup()
        env, git_ml, repo = bench.env, bench.git_ml, bench.repo
        rows = ["| what | git-ml ui | floor (same run) | ratio | target |", "|---|---|---|---|---|"]
        ui = Ui(git_ml, repo, env)
        try:
            search = {"experiment_ids": ["0"], "max_results": 50000}
            fetch = statistics.median(clock(lambda: ui.post("runs/search", search)) for _ in range(args.runs))
            table = statistics.median(page_time(ui.url + "#/runs", work, 10_000)[0] for _ in range(args.runs))
            rows.append(f"| Runs page, 10,000 runs: navigation to table laid out | {format_seconds(table)} | runs/search of the "
                        f"10,000 runs alone {format_seconds(fetch)} | {table / fetch:.1f}x | under 1 s |")

            ids = []
            for r in range(COMPARED):
                run_id = ui.post("runs/create", {"experiment_id": "0", "run_name": f"long-{r}"})["run"]["info"]["run_id"]
                for start in range(0, STEPS, 1000):
                    metrics = [{"key": "loss", "value": 1.0 / (s + 1 + r) + (s % 97) * 1e-5, "timestamp": 1767225600000 + s, "step": s}
                               for s in range(start, start + 1000)]
                    ui.post("runs/log-batch", {"run_id": run_id, "metrics": metrics})
                ui.post("runs/update", {"run_id": run_id, "status": "FINISHED"})
                ids.append(run_id)
            page = MlflowPage(ui, ids[0])
            history = statistics.median(clock(page) for _ in range(args.runs))
            url = ui.url + "#/compare?runs=" + ",".join(ids) + "&metric=loss"
            times = []
            for _ in range(args.runs):
                seconds, dom = page_time(url, work)
                if f'data-series-count="{COMPARED}"' not in dom or dom.count(f'data-total="{STEPS}"') != COMPARED:
                    sys.exit("the compare page does not show 10 series of 100,000 steps")
                times.append(seconds)
            compare = statistics.median(times)
            rows.append(f"| Compare, {COMPARED} runs x {STEPS:,} steps: navigation to chart drawn (2,000 points each) | "
                        f"{format_seconds(compare)} | one metrics/get-history page of 25,000 points {format_seconds(history)} | "
                        f"{compare / history:.1f}x | under 1 s |")
        finally:
            ui.stop()

        dist = ROOT / "ui" / "dist"
        assets = sum(f.stat().st_size for f in dist.iterdir())
        binary = pathlib.Path(git_ml).stat().st_size
        listing = ", ".join(f"{f.name} {f.stat().st_size / 1024:.0f} KB" for f in sorted(dist.iterdir()))
        rows.append(f"| UI assets embedded in the binary | {assets / 1024:.0f} KB ({listing}) | binary {binary / 1048576:.1f} MB | "
                    f"{assets / binary * 100:.1f}% of the binary | under 3 MB |")
        publish_results("git ml ui", git_ml, env, args.runs, "\n".join(rows), "ui.md")
    finally:
        shutil.rmtree(work, ignore_errors=True)


class MlflowPage:
    def __init__(self, ui, run_id):
        self.ui, self.run_id = ui, run_id

    def __call__(self):
        self.ui.get(f"api/2.0/mlflow/metrics/get-history?run_id={self.run_id}&metric_key=loss&max_results=25000")


if __name__ == "__main__":
    main()
