#!/usr/bin/env python3
"""Merge-driver benchmark: `git merge` of two branches that each reran different stages of a 1,000-stage pipeline,
so both changed ml.lock, with git-ml's lock merge driver and with it switched off (git's own text merge of the same
file), in the same repository, taking turns. Reports the time the driver adds. Target (issue 5): under 300 ms added.

Usage: merge.py --git-ml-bin DIR [--stages N] [--runs N]
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
from common import format_seconds, isolated_git_ml, publish_results, run, timed  # noqa: E402


def lock_text(stages, changed, branch):
    """A canonical ml.lock (docs/spec/ml-lock.md) of `stages` stages; those in `changed` carry the branch's results."""
    lines = ["schema: '2.0'", "stages:"]
    for i in sorted(range(stages), key=lambda n: f"stage{n:04d}"):
        mark = branch if i in changed else "base"
        digest = (f"{i:04d}{mark}" * 16)[:64].encode().hex()[:64]
        lines += [f"  stage{i:04d}:", f"    cmd: python src/step.py {i}", "    deps:",
                  "    - path: src/step.py", "      hash: sha256", f"      sha256: {'a' * 64}", "      size: 812",
                  "    params:", "      params.yaml:", f"        step{i:04d}.lr: {0.5 if i in changed and branch == 'a' else 0.25 if i in changed else 0.1}",
                  "    outs:", f"    - path: out/{i:04d}", "      hash: sha256", f"      sha256: {digest}.dir",
                  f"      size: {1000 + i}", "      nfiles: 2"]
    return "\n".join(lines) + "\n"


class Bench:
    def __init__(self, bin_dir, work, stages, runs):
        self.stages = stages
        self.runs = runs
        self.env, self.git_ml = isolated_git_ml(bin_dir, work)
        self.repo = work / "repo"
        self.off = self.repo / ".git" / "info" / "attributes"

    def git(self, *args):
        return run(["git", *args], self.repo, self.env)

    def commit_files(self, changed, branch, message):
        (self.repo / "ml.lock").write_text(lock_text(self.stages, changed, branch))
        self.git("add", "-A")
        self.git("commit", "-qm", message)

    def setup(self):
        run(["git", "init", "-q", str(self.repo)], self.repo.parent, self.env)
        (self.repo / ".gitattributes").write_text("ml.lock merge=ml-lock\n")
        self.commit_files(set(), "base", "pipeline")
        # Every 100th stage on one branch, every 100th + 50 on the other: far apart, so git's text merge is clean too
        # and both modes do the same job.
        self.git("checkout", "-qb", "a")
        self.commit_files(set(range(0, self.stages, 100)), "a", "a reruns its stages")
        self.git("checkout", "-qb", "b", "main")
        self.commit_files(set(range(50, self.stages, 100)), "b", "b reruns its stages")
        self.git("checkout", "-q", "a")
        self.start = self.git("rev-parse", "HEAD").stdout.decode().strip()

    def merge(self, drivers):
        def before():
            self.git("reset", "-q", "--hard", self.start)  # not "a": after a merge, a is the merge commit
            if drivers:
                self.off.unlink(missing_ok=True)
            else:
                self.off.parent.mkdir(exist_ok=True)
                self.off.write_text("ml.lock merge\n")  # "merge" set: git's built-in text merge
        seconds = timed(["git", "merge", "-q", "--no-edit", "b"], self.repo, self.env, before)
        return seconds, (self.repo / "ml.lock").read_text()

    def measure(self):
        with_drivers, without = [], []
        merged = {}
        for _ in range(self.runs):
            for drivers, times in ((True, with_drivers), (False, without)):
                seconds, text = self.merge(drivers)
                times.append(seconds)
                merged[drivers] = text
        if merged[True] != merged[False]:
            sys.exit("the driver's merge differs from git's text merge on a case both should merge the same way")
        return statistics.median(with_drivers), statistics.median(without)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--git-ml-bin", required=True)
    parser.add_argument("--stages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="git-ml-bench-merge-", dir=os.environ.get("GIT_ML_BENCH_DIR")))
    try:
        bench = Bench(args.git_ml_bin, work, args.stages, args.runs)
        bench.setup()
        ml, plain = bench.measure()
        table = "\n".join([
            "| what | with git-ml's drivers | git's text merge | added | target |", "|---|---|---|---|---|",
            f"| `git merge` of two branches, each rerunning {args.stages // 100} different stages of {args.stages:,} "
            f"(ml.lock changed on both) | {format_seconds(ml)} | {format_seconds(plain)} | "
            f"{(ml - plain) * 1000:.0f} ms | under 300 ms added |"])
        publish_results("git-ml merge-driver benchmark", bench.git_ml, bench.env, args.runs, table, "merge-latest.md")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
