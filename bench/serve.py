#!/usr/bin/env python3
"""`git ml serve` benchmark (issue 14): MLflow's REST API over a repository, spoken to over HTTP as MLflow's client
does (one keep-alive connection).

- runs/log-batch of 1,000 metrics, median (target under 50 ms), beside a GET /health round trip on the same
  connection (the floor: what HTTP and the server's pipeline cost with no work);
- 10,000 single runs/log-metric calls from one client (target under 5 s), beside 10,000 /health round trips;
- runs/search over 10,000 runs with a filter and an order (target under 1 s), beside `git notes list` and
  `git ml runs search` with the same filter on the same notes (the runs of bench/runs.py);
- time from starting `git ml serve` to its first /health answer (target under 300 ms), beside `git ml version`;
- hook start, `git-ml hook --shim PATH post-checkout` with nothing to do, with this build and with one from before
  the server existed (--before-bin; target: unchanged, under 60 ms).

Usage: serve.py --git-ml-bin DIR [--before-bin DIR] [--runs N]
"""
import argparse
import http.client
import json
import os
import pathlib
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import clock, cpu_timed, format_seconds, isolated_git_ml, publish_results, run, timed  # noqa: E402
from runs import Bench as RunsBench  # noqa: E402

FILTER = "metrics.test_accuracy > 0.95 and params.`train.lr` = '0.01'"
LISTENING = re.compile(r"MLFLOW_TRACKING_URI=http://([^:\s]+):(\d+)")


class Server:
    """A `git ml serve --port 0` process and one keep-alive connection to it."""

    def __init__(self, git_ml, repo, env):
        self.started = time.perf_counter()
        # SIGINT back to its default in the child: run from `nohup ... &` the bench inherits it ignored, and so would
        # the server, which then rightly ignores the Ctrl-C that stop() sends.
        self.process = subprocess.Popen([git_ml, "serve", "--port", "0"], cwd=repo, env=env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        for line in self.process.stderr:
            if match := LISTENING.search(line):
                self.host, self.port = match.group(1), int(match.group(2))
                break
        else:
            sys.exit("git ml serve exited before it listened")
        self.connection = http.client.HTTPConnection(self.host, self.port)

    def health_after_start(self):
        """Seconds from starting the process to the first OK from /health (each try on a new connection)."""
        while True:
            try:
                connection = http.client.HTTPConnection(self.host, self.port, timeout=5)
                connection.request("GET", "/health")
                if connection.getresponse().read() == b"OK":
                    return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.001)

    def health(self):
        self.connection.request("GET", "/health")
        return self.connection.getresponse().read()

    def post(self, endpoint, message):
        self.connection.request("POST", f"/api/2.0/mlflow/{endpoint}", body=json.dumps(message),
                                headers={"Content-Type": "application/json"})
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"{endpoint}: {response.status} {body.decode()}")
        return json.loads(body)

    def get(self, endpoint):
        self.connection.request("GET", f"/api/2.0/mlflow/{endpoint}")
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"{endpoint}: {response.status} {body.decode()}")
        return json.loads(body)

    def stop(self):
        self.connection.close()
        self.process.send_signal(2)
        self.process.wait(timeout=60)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--git-ml-bin", required=True)
    parser.add_argument("--before-bin", help="a git-ml build from before `git ml serve`, for hook start before/after")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="git-ml-bench-serve-", dir=os.environ.get("GIT_ML_BENCH_DIR")))
    try:
        bench = RunsBench(args.git_ml_bin, work, 10_000, 1_000, args.runs)
        bench.setup()
        env, git_ml, repo = bench.env, bench.git_ml, bench.repo
        rows = ["| what | git-ml | floor (same run) | ratio | target |", "|---|---|---|---|---|"]

        starts, versions = [], []
        for _ in range(args.runs):
            server = Server(git_ml, repo, env)
            starts.append(server.health_after_start())
            server.stop()
            versions.append(timed([git_ml, "version"], repo, env))
        start, version = statistics.median(starts), statistics.median(versions)
        rows.append(f"| `git ml serve`: start to first /health answer | {format_seconds(start)} | `git ml version` "
                    f"{format_seconds(version)} | {start / version:.1f}x | under 300 ms |")

        server = Server(git_ml, repo, env)
        try:
            for _ in range(100):
                server.health()
            health = statistics.median(clock(server.health) for _ in range(1_000))
            run_id = server.post("runs/create", {"experiment_id": "0", "run_name": "bench"})["run"]["info"]["run_id"]
            batches = []
            for b in range(max(args.runs, 20)):
                metrics = [{"key": f"m{i % 10}", "value": i * 0.5, "timestamp": 1767225600000 + i, "step": b * 1000 + i}
                           for i in range(1000)]
                message = {"run_id": run_id, "metrics": metrics}
                batches.append(clock(lambda: server.post("runs/log-batch", message)))
            batch = statistics.median(batches)
            rows.append(f"| runs/log-batch of 1,000 metrics (median) | {format_seconds(batch)} | GET /health "
                        f"{health * 1e6:.0f} us | {batch / health:.0f}x | under 50 ms |")

            single_run = server.post("runs/create", {"experiment_id": "0", "run_name": "single"})["run"]["info"]["run_id"]
            singles = clock(lambda: [server.post("runs/log-metric", {"run_id": single_run, "key": "loss", "value": s * 0.001,
                                                                     "timestamp": 1767225600000 + s, "step": s})
                                     for s in range(10_000)])
            floor = clock(lambda: [server.health() for _ in range(10_000)])
            rows.append(f"| 10,000 runs/log-metric calls, one client | {format_seconds(singles)} | 10,000 GET /health "
                        f"{format_seconds(floor)} | {singles / floor:.1f}x | under 5 s |")
            history = server.get(f"metrics/get-history?run_id={single_run}&metric_key=loss&max_results=25000")
            if len(history["metrics"]) != 10_000:
                sys.exit(f"expected 10,000 points in the history, the server has {len(history['metrics'])}")
            server.post("runs/update", {"run_id": run_id, "status": "FINISHED"})
            server.post("runs/update", {"run_id": single_run, "status": "FINISHED"})

            query = {"experiment_ids": ["0"], "filter": FILTER, "order_by": ["metrics.test_f1 DESC"], "max_results": 20}
            found = server.post("runs/search", query)["runs"]
            if len(found) != 20:
                sys.exit(f"runs/search found {len(found)} runs, expected a full page of 20")
            search = statistics.median(clock(lambda: server.post("runs/search", query)) for _ in range(args.runs))
        finally:
            server.stop()
        notes = bench.median(["git", "notes", "--ref", "ml-runs", "list"])
        cli = bench.median([git_ml, "runs", "search", FILTER, "--order-by", "metrics.test_f1 desc", "--limit", "20"])
        rows.append(f"| runs/search over 10,000 runs (filter, order, 20) | {format_seconds(search)} | `git notes list` "
                    f"{format_seconds(notes)}; `git ml runs search` {format_seconds(cli)} | {search / notes:.1f}x | under 1 s |")

        shim = repo / ".git" / "hooks" / "post-checkout"
        hook_args = ["hook", "--shim", str(shim), "post-checkout", "0" * 40, "0" * 40, "1"]
        builds = [("this build", git_ml)]
        if args.before_bin:
            builds.insert(0, ("before serve", str(pathlib.Path(args.before_bin).resolve() / "git-ml")))
        # Interleaved rounds, so a busy moment costs both builds alike; medians of wall and of CPU time.
        for _ in range(3):
            for _, binary in builds:
                timed([binary, *hook_args], repo, env)
        samples = {name: [] for name, _ in builds}
        for _ in range(max(20, args.runs)):
            for name, binary in builds:
                samples[name].append(cpu_timed([binary, *hook_args], repo, env))
        hooks = {name: (statistics.median(wall for wall, _ in runs), statistics.median(cpu for _, cpu in runs))
                 for name, runs in samples.items()}
        (now, now_cpu), before = hooks["this build"], hooks.get("before serve")
        if before:
            reference = f"before serve {format_seconds(before[0])} (CPU {format_seconds(before[1])})"
            ratio = f"{now / before[0]:.2f}x (CPU {now_cpu / before[1]:.2f}x)"
        else:
            reference, ratio = "", ""
        rows.append(f"| hook start (`git-ml hook --shim PATH post-checkout`, nothing to do) | {format_seconds(now)} "
                    f"(CPU {format_seconds(now_cpu)}) | {reference} | {ratio} | unchanged, under 60 ms |")
        publish_results("git ml serve benchmark", git_ml, env, args.runs, "\n".join(rows), "serve-latest.md")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
