#!/usr/bin/env python3
"""`git ml ui` benchmark (issue 15), measured in Debian's chromium, headless, on the real server:

- the Runs page over 10,000 runs (the runs of bench/runs.py): time from navigation to the table laid out, as the page
  itself records it in real time (chromium driven by puppeteer-core) (performance.now() when the last row is in the DOM and laid out; target under 1 s), beside
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
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import clock, format_seconds, publish_results  # noqa: E402
from runs import Bench as RunsBench  # noqa: E402

STEPS = 100_000
COMPARED = 10


class Ui:
    """A `git ml ui --no-open --json --port 0` process."""

    def __init__(self, git_ml, repo, env):
        # SIGINT back to its default in the child: run in the background the bench inherits it ignored, and so would
        # the server, which then rightly ignores the Ctrl-C that stop() sends.
        self.process = subprocess.Popen([git_ml, "ui", "--no-open", "--json", "--port", "0"], cwd=repo, env=env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
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


PAGE_TIMER = r"""
import puppeteer from 'puppeteer-core';
const url = process.argv[2];
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu'], defaultViewport: { width: 1280, height: 720 } });
try {
  const page = await browser.newPage();
  const start = Date.now();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-since-navigation-ms]', { timeout: 120000 });
  const wall = Date.now() - start;
  const seen = await page.evaluate(() => ({
    ms: Number(document.querySelector('[data-since-navigation-ms]').dataset.sinceNavigationMs),
    rows: document.querySelector('#runs-table')?.dataset.rows,
    series: document.querySelector('#chart')?.dataset.seriesCount,
    totals: [...document.querySelectorAll('#series li')].map((li) => li.dataset.total),
  }));
  console.log(JSON.stringify({ ...seen, wall }));
} finally {
  await browser.close();
}
"""


def page_timer(work):
    """A node script driving Debian's chromium through puppeteer-core (installed into bench/work, never a downloaded
    browser). Real time: --virtual-time-budget would make the page's own clock virtual."""
    chromium = shutil.which("chromium") or sys.exit("chromium is not installed: apt-get install chromium")
    folder = ROOT / "bench" / "work" / "ui-node"
    if not (folder / "node_modules" / "puppeteer-core").exists():
        subprocess.run(["npm", "install", "--prefix", str(folder), "puppeteer-core@25.16.0", "--no-audit", "--no-fund"], check=True,
                       stdout=subprocess.DEVNULL)
    script = folder / "page-time.mjs"
    script.write_text(PAGE_TIMER)
    return lambda url: json.loads(subprocess.run(["node", str(script), url], env=dict(os.environ, CHROMIUM=chromium), check=True,
                                                 stdout=subprocess.PIPE, text=True, timeout=300).stdout)


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
            table_fetch = statistics.median(clock(lambda: ui.get("ajax-api/git-ml/runs-table")) for _ in range(args.runs))
            timer = page_timer(work)
            tables = []
            for _ in range(args.runs):
                seen = timer(ui.url + "#/runs")
                if seen["rows"] != "10000":
                    sys.exit(f"the runs table holds {seen['rows']} rows, not 10,000")
                tables.append(seen["ms"] / 1000)
            table = statistics.median(tables)
            rows.append(f"| Runs page, 10,000 runs: navigation to table laid out | {format_seconds(table)} | runs/search of the "
                        f"10,000 runs alone {format_seconds(fetch)} (the page's runs-table request: {format_seconds(table_fetch)}) | "
                        f"{table / fetch:.1f}x | under 1 s |")

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
                seen = timer(url)
                if seen["series"] != str(COMPARED) or seen["totals"] != [str(STEPS)] * COMPARED:
                    sys.exit(f"the compare page does not show 10 series of 100,000 steps: {seen}")
                times.append(seen["ms"] / 1000)
            compare = statistics.median(times)
            # The first load reads the histories from the store; later ones may find them downsampled in the server's cache.
            rows.append(f"| Compare, {COMPARED} runs x {STEPS:,} steps: navigation to chart drawn (2,000 points each) | "
                        f"{format_seconds(compare)} (first load {format_seconds(times[0])}) | one metrics/get-history page of 25,000 points {format_seconds(history)} | "
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
