#!/usr/bin/env python3
"""Experiment-run benchmark (issue 6): `git ml runs search` over 10,000 runs spread over 1,000 commits, and the
overhead `git ml run` adds to a command that does nothing (`git ml run -- true` against `true` alone).
Targets: search under 1 s; run overhead under 300 ms.

The 10,000 runs are real run lines: one recorded by `git ml run`, then copied with new ids, names, params and
metrics into notes on 1,000 commits (written with git fast-import, as `git ml run` would take hours for 10,000).

Usage: runs.py --git-ml-bin DIR [--runs-count N] [--commits N] [--runs N]
"""
import argparse
import json
import os
import pathlib
import random
import shutil
import statistics
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import format_seconds, isolated_git_ml, publish_results, run, timed  # noqa: E402

SEARCH = ["runs", "search", "metrics.test_accuracy > 0.95 and params.train.lr = '0.01'",
          "--order-by", "metrics.test_f1 desc", "--limit", "20"]


class Bench:
    def __init__(self, bin_dir, work, count, commits, runs):
        self.count, self.commits, self.runs = count, commits, runs
        self.env, self.git_ml = isolated_git_ml(bin_dir, work)
        self.repo = work / "repo"

    def git(self, *args, stdin=None):
        import subprocess
        result = subprocess.run(["git", *args], cwd=self.repo, env=self.env, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if result.returncode != 0:
            sys.exit(f"git {' '.join(args)} failed: {result.stderr.decode()}")
        return result.stdout.decode()

    def setup(self):
        self.repo.mkdir()
        self.git("init", "-q")
        run([self.git_ml, "init"], self.repo, self.env)
        (self.repo / "params.yaml").write_text("train:\n  lr: 0.01\n  epochs: 3\n")
        self.git("add", "-A")
        self.git("commit", "-qm", "start")
        run([self.git_ml, "run", "--name", "template", "--", "sh", "-c",
             "git ml log metric test_accuracy 0.9; git ml log metric test_f1 0.8"], self.repo, self.env)
        template = json.loads(self.git("notes", "--ref", "ml-runs", "show", "HEAD").splitlines()[0])
        self.git("update-ref", "-d", "refs/notes/ml-runs")

        # 1,000 commits on main, then 10 runs' lines in the note of each.
        stream = []
        for i in range(self.commits):
            stream += ["commit refs/heads/main", f"mark :{i + 1}", f"committer bench <bench@example.com> {1700000000 + i} +0000",
                       "data 7", f"c {i:05d}"]
            if i == 0:
                stream.append(f"from {self.git('rev-parse', 'HEAD').strip()}")
            stream += [f"M 644 inline step.txt", f"data {len(str(i)) + 1}", f"{i}", ""]
        self.git("fast-import", "--quiet", stdin=("\n".join(stream) + "\n").encode())
        commits = self.git("rev-list", "--first-parent", f"-{self.commits}", "main").split()
        rng = random.Random(7)
        notes = ["commit refs/notes/ml-runs", "committer bench <bench@example.com> 1700000000 +0000", "data 0", ""]
        per_commit = self.count // len(commits)
        for c, commit in enumerate(commits):
            lines = []
            for k in range(per_commit):
                run_line = dict(template)
                run_line["id"] = "%032x" % rng.getrandbits(128)
                run_line["name"] = f"run-{c}-{k}"
                run_line["commit"] = commit
                run_line["params"] = dict(template["params"], **{"train.lr": rng.choice(["0.1", "0.01", "0.001"])})
                accuracy = round(rng.uniform(0.8, 1.0), 4)
                f1 = round(rng.uniform(0.7, 1.0), 4)
                run_line["metrics"] = {
                    "test_accuracy": {"count": 1, "points": [[0, accuracy, 0]], "step": 0, "value": accuracy},
                    "test_f1": {"count": 1, "points": [[0, f1, 0]], "step": 0, "value": f1},
                }
                lines.append(json.dumps(run_line, sort_keys=True, separators=(",", ":")))
            body = "\n".join(sorted(lines)) + "\n"
            notes += [f"N inline {commit}", f"data {len(body.encode())}", body]
        self.git("fast-import", "--quiet", stdin=("\n".join(notes) + "\n").encode())
        self.git("reset", "-q", "--hard", "main")
        listed = run([self.git_ml, "runs", "list", "--all", "--json"], self.repo, self.env).stdout
        found = len(json.loads(listed))
        if found != self.count:
            sys.exit(f"expected {self.count} runs in the notes, git ml reads {found}")

    def median(self, cmd):
        return statistics.median(timed(cmd, self.repo, self.env) for _ in range(self.runs))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--git-ml-bin", required=True)
    parser.add_argument("--runs-count", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="git-ml-bench-runs-", dir=os.environ.get("GIT_ML_BENCH_DIR")))
    try:
        bench = Bench(args.git_ml_bin, work, args.runs_count, args.commits, args.runs)
        bench.setup()
        search = bench.median([bench.git_ml, *SEARCH])
        listing = bench.median([bench.git_ml, "runs", "list", "--limit", "20"])
        notes_list = bench.median(["git", "notes", "--ref", "ml-runs", "list"])
        bare = bench.median(["true"])
        tracked = bench.median([bench.git_ml, "run", "--", "true"])
        rows = [
            "| what | git-ml | reference | ratio | target |", "|---|---|---|---|---|",
            f"| `git ml runs search` (filter, order, limit) over {args.runs_count:,} runs on {args.commits:,} commits "
            f"| {format_seconds(search)} | `git notes list` {format_seconds(notes_list)} | {search / notes_list:.1f}x | under 1 s |",
            f"| `git ml runs list` (current branch's history, newest 20) | {format_seconds(listing)} | | | |",
            f"| `git ml run -- true`: overhead on top of the command | {(tracked - bare) * 1000:.0f} ms "
            f"| `true` alone {format_seconds(bare)} | | under 300 ms |",
        ]
        publish_results("git-ml experiment-run benchmark", bench.git_ml, bench.env, args.runs, "\n".join(rows), "runs-latest.md")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
