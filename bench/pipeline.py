#!/usr/bin/env python3
"""Pipeline benchmarks: git ml repro and git ml status on a pipeline whose dependencies are 10,000 files / 1 GB,
side by side with plain `git status` on the same repository and `openssl dgst -sha256` over the same bytes,
reported as ratios. See bench/README.md for the targets.

Also what the output guards (the check of every declared output before anything runs: one `git ls-files` and a few
stats per output) add to a no-op repro of 100 stages: beside the guard's own `git ls-files`, and, given
--baseline-bin (a git-ml built without the guards), beside that build's no-op repro of the same pipeline, interleaved.

Usage: pipeline.py --git-ml-bin DIR [--baseline-bin DIR] [--quick] [--runs N]
"""
import argparse
import os
import pathlib
import shutil
import statistics
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import format_seconds, isolated_git_ml, publish_results, run, timed, write_random  # noqa: E402

# `generate` stands for a stage that has just written a data set (persist: true keeps it: the command does nothing,
# so the time is git-ml's own: hashing and storing the outputs). `train` depends on the whole folder.
PIPELINE = """stages:
  generate:
    cmd: "true"
    outs:
      - data/raw:
          persist: true
  big:
    cmd: "true"
    outs:
      - data/big.bin:
          persist: true
  train:
    cmd: ls data/raw | wc -l > metrics.txt
    deps:
      - data/raw
      - data/big.bin
    outs:
      - metrics.txt:
          cache: false
"""


class Bench:
    def __init__(self, bin_dir, work, quick, runs):
        self.runs = runs
        self.files = 1000 if quick else 10_000
        self.file_size = 100_000
        self.big_size = (128 if quick else 1024) << 20
        self.env, self.git_ml = isolated_git_ml(bin_dir, work)
        self.repo = work / "repo"
        self.rows = []

    def setup(self):
        run(["git", "init", "-q", str(self.repo)], self.repo.parent, self.env)
        run([self.git_ml, "install", "--local"], self.repo, self.env)
        for i in range(self.files):
            write_random(self.repo / "data" / "raw" / f"part-{i:05d}.bin", self.file_size, i)
        write_random(self.repo / "data" / "big.bin", self.big_size, -1)
        (self.repo / "ml.yaml").write_text(PIPELINE)

    def reset_pipeline_state(self):
        """Forget every earlier repro: no lock file, no stored objects, no stat cache, no run cache."""
        (self.repo / "ml.lock").unlink(missing_ok=True)
        store = self.repo / ".git" / "ml"
        for name in ("objects", "stat-cache", "runcache"):
            path = store / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()

    def median(self, cmd, before=None):
        return statistics.median(timed(cmd, self.repo, self.env, before) for _ in range(self.runs))

    def first_repro(self):
        raw = sorted(str(p) for p in (self.repo / "data" / "raw").iterdir())
        ml = self.median([self.git_ml, "repro", "generate"], self.reset_pipeline_state)
        openssl = self.median(["sh", "-c", "openssl dgst -sha256 data/raw/* >/dev/null"])
        self.rows.append((f"first repro: hash and store {self.files:,} new output files ({self.files * self.file_size / 1e9:.1f} GB)",
                          ml, openssl, "openssl dgst -sha256 over the same bytes", "at most 1.5x"))
        ml = self.median([self.git_ml, "repro", "big"], self.reset_pipeline_state)
        openssl = self.median(["openssl", "dgst", "-sha256", "data/big.bin"])
        self.rows.append((f"first repro: hash and store one new {self.big_size >> 20} MiB output",
                          ml, openssl, "openssl dgst -sha256 of the file", "at most 1.5x"))
        assert len(raw) == self.files

    def no_op(self):
        self.reset_pipeline_state()
        run([self.git_ml, "repro"], self.repo, self.env)
        run(["git", "add", "."], self.repo, self.env)
        run(["git", "commit", "-qm", "pipeline"], self.repo, self.env)
        run(["git", "status"], self.repo, self.env)
        git_status = self.median(["git", "status", "--porcelain"])
        status = self.median([self.git_ml, "status", "--local-only"])
        repro = self.median([self.git_ml, "repro"])
        label = f"{self.files:,} files + {self.big_size >> 20} MiB, committed, nothing changed"
        self.rows.append((f"no-op `git ml status` ({label})", status, git_status, "git status on the same repo", "under 1 s and at most 5x"))
        self.rows.append((f"no-op `git ml repro` ({label})", repro, git_status, "git status on the same repo", "under 1 s and at most 5x"))
        out = run([self.git_ml, "repro"], self.repo, self.env).stdout.decode()
        if "up to date" not in out:
            sys.exit(f"the no-op repro ran something:\n{out}")

    def guards(self, baseline_bin):
        """No-op repro of 100 committed stages (80 file outputs, 20 folders of 10 files, 10 committed cache: false
        metrics), with and without the output guards."""
        repo = self.repo.parent / "hundred"
        run(["git", "init", "-q", str(repo)], repo.parent, self.env)
        run([self.git_ml, "install", "--local"], repo, self.env)
        stages = []
        for i in range(100):
            out = f"dirs/d{i:03d}" if i % 5 == 0 else f"outs/s{i:03d}.txt"
            cmd = f"mkdir -p {out} && for j in 0 1 2 3 4 5 6 7 8 9; do echo {i} $j > {out}/f$j; done" if i % 5 == 0 else f"mkdir -p outs && echo {i} > {out}"
            metrics = f"      - metrics/m{i:03d}.json:\n          cache: false\n" if i % 10 == 0 else ""
            if metrics:
                cmd += f" && mkdir -p metrics && echo {i} > metrics/m{i:03d}.json"
            stages.append(f"  s{i:03d}:\n    cmd: {cmd}\n    outs:\n      - {out}\n" + (f"    metrics:\n{metrics}" if metrics else ""))
        (repo / "ml.yaml").write_text("stages:\n" + "".join(stages))
        run([self.git_ml, "repro"], repo, self.env)
        run(["git", "add", "."], repo, self.env)
        run(["git", "commit", "-qm", "100 stages"], repo, self.env)
        run(["git", "status"], repo, self.env)
        outs = [f"dirs/d{i:03d}" if i % 5 == 0 else f"outs/s{i:03d}.txt" for i in range(100)] + [f"metrics/m{i:03d}.json" for i in range(0, 100, 10)]
        ls_files = ["git", "ls-files", "--stage", "-z", "--"] + [":(literal)" + o for o in outs]
        baseline = str(pathlib.Path(baseline_bin).resolve() / "git-ml") if baseline_bin else None
        times = {"guarded": [], "baseline": [], "ls": []}
        for _ in range(max(self.runs, 15)):
            # Interleaved, so both builds see the same machine state.
            times["guarded"].append(timed([self.git_ml, "repro"], repo, self.env))
            if baseline:
                times["baseline"].append(timed([baseline, "repro"], repo, self.env))
            times["ls"].append(timed(ls_files, repo, self.env))
        guarded = statistics.median(times["guarded"])
        ls = statistics.median(times["ls"])
        out = run([self.git_ml, "repro"], repo, self.env).stdout.decode()
        if "up to date" not in out:
            sys.exit(f"the 100-stage no-op repro ran something:\n{out}")
        self.rows.append(("no-op `git ml repro`, 100 stages, committed: the guard's one `git ls-files` over 110 outputs",
                          ls, guarded, "the whole no-op repro", f"{ls * 1000:.1f} ms of it"))
        if baseline:
            base = statistics.median(times["baseline"])
            self.rows.append(("no-op `git ml repro`, 100 stages, committed, with the output guards", guarded, base,
                              "the same without the guards (--baseline-bin)", f"added {(guarded - base) * 1000:+.1f} ms; target < 10 ms"))

    def report(self):
        lines = ["| what | git-ml | baseline | baseline is | ratio | target |", "|---|---|---|---|---|---|"]
        for what, ml, base, base_name, target in self.rows:
            lines.append(f"| {what} | {format_seconds(ml)} | {format_seconds(base)} | {base_name} | {ml / base:.2f}x | {target} |")
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--git-ml-bin", required=True)
    parser.add_argument("--baseline-bin", help="a git-ml built without the output guards, for an A/B of a no-op repro")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="git-ml-bench-pipeline-", dir=os.environ.get("GIT_ML_BENCH_DIR")))
    try:
        bench = Bench(args.git_ml_bin, work, args.quick, args.runs)
        bench.setup()
        bench.first_repro()
        bench.no_op()
        bench.guards(args.baseline_bin)
        publish_results("git-ml pipeline benchmark", bench.git_ml, bench.env, args.runs, bench.report(), "pipeline-latest.md")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
