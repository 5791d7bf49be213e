#!/usr/bin/env python3
"""Pipeline benchmarks: git ml repro and git ml status on a pipeline whose dependencies are 10,000 files / 1 GB,
side by side with plain `git status` on the same repository and `openssl dgst -sha256` over the same bytes,
reported as ratios. See bench/README.md for the targets.

Also what the output guards (the check of every declared output before anything runs: one `git ls-files` and a few
stats per output) add to a no-op repro of 100 stages: beside the guard's own `git ls-files`, and, given
--baseline-bin (a git-ml built without the guards), beside that build's no-op repro of the same pipeline, interleaved.

The no-op section (status over 10,000 tracked files, repro of 100 stages) is taken in interleaved rounds, as wall-clock
and CPU-time medians and minima, each as a ratio to `git status` on the same repository, beside the floor: the process
start of git-ml (`git-ml version`) plus the git commands the command must run (timed alone). Given --before-bin (an
earlier build), its no-op status and repro take part in the same rounds on the same repositories.

Usage: pipeline.py --git-ml-bin DIR [--baseline-bin DIR] [--before-bin DIR] [--quick] [--no-op-only] [--runs N]
"""
import argparse
import os
import pathlib
import shutil
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import cpu_timed, format_seconds, isolated_git_ml, publish_results, run, timed, write_random  # noqa: E402

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
    def __init__(self, bin_dir, work, quick, runs, before_bin=None):
        self.runs = runs
        self.before = str(pathlib.Path(before_bin).resolve() / "git-ml") if before_bin else None
        self.no_op_rows = []
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
        """Forget every earlier repro: no lock file, no stored objects, no stat cache, no run cache, no remembered parse."""
        (self.repo / "ml.lock").unlink(missing_ok=True)
        store = self.repo / ".git" / "ml"
        for name in ("objects", "stat-cache", "folder-cache", "folder-cache-2", "runcache", "pipeline-memo-1", "lock-memo-1"):
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
        time.sleep(2.1)  # files written in the last 2 s are not cached (racily clean, as in git); a user's are older
        git_status = ["git", "status", "--porcelain"]
        # What `git ml status` must run whatever it does itself: git-ml's start and its git commands, each timed alone.
        floor = [["git", "rev-parse", "--git-dir"], ["git", "config", "-z", "--list", "--show-origin"],
                 ["git", "status", "--porcelain=v2", "-z", "--untracked-files=no", "--no-renames", "--ignore-submodules=all"],
                 ["git", "ls-files", "--stage", "-z"]]
        cases = {"git status": git_status, "git-ml version (process start)": [self.git_ml, "version"],
                 "git ml status": [self.git_ml, "status", "--local-only"], "git ml repro": [self.git_ml, "repro"]}
        if self.before:
            cases["git ml status (--before-bin)"] = [self.before, "status", "--local-only"]
            cases["git ml repro (--before-bin)"] = [self.before, "repro"]
        for i, cmd in enumerate(floor):
            cases[f"floor {i}"] = cmd
        times = self.interleaved(cases, self.repo)
        out = run([self.git_ml, "repro"], self.repo, self.env).stdout.decode()
        if "up to date" not in out:
            sys.exit(f"the no-op repro ran something:\n{out}")
        label = f"{self.files:,} tracked files + {self.big_size >> 20} MiB, committed, nothing changed"
        base = times["git status"]
        floor_times = tuple(times["git-ml version (process start)"][k] + sum(times[f"floor {i}"][k] for i in range(len(floor))) for k in range(4))
        self.no_op_rows.append((f"`git status --porcelain` ({label})", times["git status"], base, ""))
        self.no_op_rows.append(("floor: git-ml's start + rev-parse + config + git status + ls-files, each alone", floor_times, base, ""))
        self.no_op_rows.append((f"no-op `git ml status --local-only`", times["git ml status"], base, "at most 2.5x git status"))
        if self.before:
            self.no_op_rows.append(("no-op `git ml status --local-only`, --before-bin", times["git ml status (--before-bin)"], base, ""))
        self.no_op_rows.append((f"no-op `git ml repro` (3 stages)", times["git ml repro"], base, "under 1 s and at most 5x"))
        if self.before:
            self.no_op_rows.append(("no-op `git ml repro` (3 stages), --before-bin", times["git ml repro (--before-bin)"], base, ""))
        # The old single-figure rows, for continuity with earlier results.
        self.rows.append((f"no-op `git ml status` ({label})", times["git ml status"][0], base[0], "git status on the same repo", "under 1 s and at most 5x"))
        self.rows.append((f"no-op `git ml repro` ({label})", times["git ml repro"][0], base[0], "git status on the same repo", "under 1 s and at most 5x"))

    def interleaved(self, cases, repo):
        """(wall median, wall minimum, CPU median, CPU minimum) of each command, in rounds in which every command runs
        once in turn, so a slow spell of the machine hits them alike. One untimed warm-up round first."""
        for cmd in cases.values():
            run(cmd, repo, self.env)
        samples = {name: [] for name in cases}
        for _ in range(max(self.runs, 15)):
            for name, cmd in cases.items():
                samples[name].append(cpu_timed(cmd, repo, self.env))
        return {name: (statistics.median(w for w, _ in s), min(w for w, _ in s), statistics.median(c for _, c in s), min(c for _, c in s))
                for name, s in samples.items()}

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
        time.sleep(2.1)  # files written in the last 2 s are not cached (racily clean, as in git); a user's are older
        outs = [f"dirs/d{i:03d}" if i % 5 == 0 else f"outs/s{i:03d}.txt" for i in range(100)] + [f"metrics/m{i:03d}.json" for i in range(0, 100, 10)]
        ls_files = ["git", "ls-files", "--stage", "-z", "--"] + [":(literal)" + o for o in outs]
        baseline = str(pathlib.Path(baseline_bin).resolve() / "git-ml") if baseline_bin else None
        cases = {"guarded": [self.git_ml, "repro"], "ls": ls_files, "git status": ["git", "status", "--porcelain"],
                 "version": [self.git_ml, "version"], "rev-parse": ["git", "rev-parse", "--git-dir"]}
        if baseline:
            cases["baseline"] = [baseline, "repro"]
        if self.before:
            cases["before"] = [self.before, "repro"]
        times = self.interleaved(cases, repo)
        guarded = times["guarded"][0]
        ls = times["ls"][0]
        out = run([self.git_ml, "repro"], repo, self.env).stdout.decode()
        if "up to date" not in out:
            sys.exit(f"the 100-stage no-op repro ran something:\n{out}")
        base = times["git status"]
        self.no_op_rows.append(("`git status --porcelain` (the 100-stage repository)", base, base, ""))
        self.no_op_rows.append(("floor: git-ml's start + rev-parse + the guard's ls-files, each alone",
                                tuple(times["version"][k] + times["rev-parse"][k] + times["ls"][k] for k in range(4)), base, ""))
        self.no_op_rows.append(("no-op `git ml repro`, 100 stages", times["guarded"], base, "at most 3x git status"))
        if self.before:
            self.no_op_rows.append(("no-op `git ml repro`, 100 stages, --before-bin", times["before"], base, ""))
        self.rows.append(("no-op `git ml repro`, 100 stages, committed: the guard's one `git ls-files` over 110 outputs",
                          ls, guarded, "the whole no-op repro", f"{ls * 1000:.1f} ms of it"))
        if baseline:
            base = times["baseline"][0]
            self.rows.append(("no-op `git ml repro`, 100 stages, committed, with the output guards", guarded, base,
                              "the same without the guards (--baseline-bin)", f"added {(guarded - base) * 1000:+.1f} ms; target < 10 ms"))

    def report(self):
        lines = ["| what | git-ml | baseline | baseline is | ratio | target |", "|---|---|---|---|---|---|"]
        for what, ml, base, base_name, target in self.rows:
            lines.append(f"| {what} | {format_seconds(ml)} | {format_seconds(base)} | {base_name} | {ml / base:.2f}x | {target} |")
        if self.no_op_rows:
            lines += ["", "No-op commands in interleaved rounds; ratios are to `git status --porcelain` on the same repository "
                      "(wall median / CPU median).", "",
                      "| what | wall median | wall min | CPU median | CPU min | ratio wall | ratio CPU | target |", "|---|---|---|---|---|---|---|---|"]
            for what, (wall, wall_min, cpu, cpu_min), (base_wall, _, base_cpu, _), target in self.no_op_rows:
                lines.append(f"| {what} | {wall * 1000:.1f} ms | {wall_min * 1000:.1f} ms | {cpu * 1000:.1f} ms | {cpu_min * 1000:.1f} ms "
                             f"| {wall / base_wall:.2f}x | {cpu / base_cpu:.2f}x | {target} |")
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--git-ml-bin", required=True)
    parser.add_argument("--baseline-bin", help="a git-ml built without the output guards, for an A/B of a no-op repro")
    parser.add_argument("--before-bin", help="an earlier git-ml build, for its no-op status and repro in the same rounds")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-op-only", action="store_true", help="skip the first-repro measurements")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="git-ml-bench-pipeline-", dir=os.environ.get("GIT_ML_BENCH_DIR")))
    try:
        bench = Bench(args.git_ml_bin, work, args.quick, args.runs, args.before_bin)
        bench.setup()
        if not args.no_op_only:
            bench.first_repro()
        bench.no_op()
        bench.guards(args.baseline_bin)
        publish_results("git-ml pipeline benchmark", bench.git_ml, bench.env, args.runs, bench.report(), "pipeline-latest.md")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
