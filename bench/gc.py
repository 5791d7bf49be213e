#!/usr/bin/env python3
"""gc benchmark: `git ml gc` over 10,000 stored objects in a repository with 3 linked worktrees (each with its own
staged file and detached HEAD), 50 stash entries and 1,000 unreferenced objects, side by side with
`git rev-list --all --reflog --indexed-objects --objects` (the reachability walk git's own gc makes) and `git gc`
on the same repository, reported as ratios. Target: under 2 s. See bench/README.md.

Usage: gc.py --git-ml-bin DIR [--quick] [--runs N]
"""
import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import format_seconds, isolated_git_ml, publish_results, run, timed  # noqa: E402

WORKTREES = 3
STASHES = 50
UNREFERENCED = 1_000


class Bench:
    def __init__(self, bin_dir, work, quick, runs):
        self.runs = runs
        self.files = 1_000 if quick else 10_000
        self.env, self.git_ml = isolated_git_ml(bin_dir, work)
        self.work = work
        self.repo = work / "repo"
        self.rows = []

    def git(self, *args, cwd=None, stdin=None, env=None):
        result = subprocess.run(["git", *args], cwd=cwd or self.repo, env={**self.env, **(env or {})}, input=stdin,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if result.returncode != 0:
            sys.exit(f"git {' '.join(args)} failed:\n{result.stderr.decode()}")
        return result.stdout.decode().strip()

    def write_files(self, folder, count, tag):
        """Small distinct files (each becomes one stored object), 100 per folder as a dataset would be split."""
        for i in range(count):
            path = self.repo / folder / f"{i // 100:03d}" / f"{tag}-{i:05d}.bin"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(f"{tag} {i}\n".encode() * 20)

    def setup(self):
        run(["git", "init", "-q", str(self.repo)], self.work, self.env)
        # No automatic gc in the background: it would pack mid-setup, race the measured `git gc` and skew timings.
        self.git("config", "gc.auto", "0")
        self.git("config", "maintenance.auto", "false")
        run([self.git_ml, "install", "--local"], self.repo, self.env)
        run([self.git_ml, "track", "*.bin"], self.repo, self.env)
        self.write_files("data", self.files, "data")
        self.git("add", ".")
        self.git("commit", "-qm", "data")

        # Unreferenced objects: stored by an add, then unstaged.
        self.write_files("scratch", UNREFERENCED, "scratch")
        self.git("add", "scratch")
        self.git("rm", "-rq", "--cached", "scratch")
        shutil.rmtree(self.repo / "scratch")

        # Stash entries, each with a file of its own, made with plumbing (50 `git stash` runs would take minutes):
        # a stash commit has HEAD and an index commit as parents, as `git stash` makes it.
        self.write_files("stash", STASHES, "stash")
        self.git("add", "stash")
        staged = dict(reversed(line.split("\t")) for line in self.git("ls-files", "-s", "stash").splitlines())
        self.git("rm", "-rq", "--cached", "stash")
        shutil.rmtree(self.repo / "stash")
        head = self.git("rev-parse", "HEAD")
        index = str(self.work / "stash-index")
        for path, entry in sorted(staged.items()):
            blob = entry.split()[1]
            env = {"GIT_INDEX_FILE": index}
            self.git("read-tree", "HEAD", env=env)
            self.git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
            tree = self.git("write-tree", env=env)
            index_commit = self.git("commit-tree", tree, "-p", head, stdin=b"index\n")
            stash = self.git("commit-tree", tree, "-p", head, "-p", index_commit, stdin=b"WIP\n")
            self.git("stash", "store", "-m", f"WIP {path}", stash)
        assert len(self.git("stash", "list").splitlines()) == STASHES

        # Linked worktrees (pointers left unsmudged: the index is what counts), each with a staged file of its own
        # and a detached HEAD at a commit of its own.
        for w in range(WORKTREES):
            tree = self.work / f"wt{w}"
            run(["git", "worktree", "add", "-q", "--detach", str(tree)], self.repo, {**self.env, "GIT_ML_SKIP_SMUDGE": "1"})
            (tree / f"head-{w}.bin").write_bytes(f"head {w}\n".encode() * 20)
            self.git("add", f"head-{w}.bin", cwd=tree)
            self.git("commit", "-qm", f"worktree {w}", cwd=tree)
            (tree / f"staged-{w}.bin").write_bytes(f"staged {w}\n".encode() * 20)
            self.git("add", f"staged-{w}.bin", cwd=tree)

    def median(self, cmd):
        return statistics.median(timed(cmd, self.repo, self.env) for _ in range(self.runs))

    def check_plan(self):
        """The dry run must keep every referenced object and list exactly the unreferenced ones (old or not)."""
        plan = json.loads(run([self.git_ml, "gc", "--prune=now", "--json"], self.repo, self.env).stdout)
        expected_kept = self.files + STASHES + 2 * WORKTREES
        if len(plan["objects"]) != UNREFERENCED or plan["kept"] != expected_kept:
            sys.exit(f"gc's plan is wrong: {len(plan['objects'])} to delete (expected {UNREFERENCED}), {plan['kept']} kept (expected {expected_kept})")

    def measure(self):
        self.check_plan()
        objects = self.files + STASHES + 2 * WORKTREES + UNREFERENCED
        label = f"{objects:,} objects, {WORKTREES} worktrees, {STASHES} stash entries"
        walk = ["git", "rev-list", "--all", "--reflog", "--indexed-objects", "--objects"]
        # The least any gc of pointers must do: walk every ref, reflog and index, then read each small blob (the
        # pointers) once. With loose git objects the reads dominate: each is a file to open and inflate.
        read_pointers = ["sh", "-c", "git rev-list --all --reflog --indexed-objects --objects --filter=blob:limit=1024"
                         " | cut -d' ' -f1 | git cat-file '--batch=%(objecttype) %(objectsize)' --buffer >/dev/null"]
        ml = self.median([self.git_ml, "gc"])
        rev_list = self.median(walk)
        pointers = self.median(read_pointers)
        self.rows.append((f"`git ml gc` dry run, loose git objects ({label})", ml, rev_list, "`git rev-list --all --reflog --indexed-objects --objects`", "under 2 s"))
        self.rows.append(("`git ml gc` dry run, loose git objects", ml, pointers, "that walk piped to `git cat-file --batch` for every small blob (the pointers)", ""))
        git_gc = timed(["git", "gc", "--quiet"], self.repo, self.env)
        ml = self.median([self.git_ml, "gc"])
        rev_list = self.median(walk)
        self.rows.append((f"`git ml gc` dry run, after `git gc` packed the repository", ml, rev_list, "`git rev-list --all --reflog --indexed-objects --objects`", "under 2 s"))
        self.rows.append(("`git ml gc` dry run, same repository", ml, git_gc, "`git gc` (once, the first packing)", ""))
        force = timed([self.git_ml, "gc", "--force", "--prune=now"], self.repo, self.env)
        self.rows.append((f"`git ml gc --force --prune=now`: deletes the {UNREFERENCED:,} unreferenced objects (once)", force, rev_list, "`git rev-list ...` as above", "under 2 s"))
        left = sum(1 for _ in (self.repo / ".git" / "ml" / "objects").rglob("*") if _.is_file())
        if left != objects - UNREFERENCED:
            sys.exit(f"gc --force left {left} objects, expected {objects - UNREFERENCED}")

    def report(self):
        lines = ["| what | git-ml | baseline | baseline is | ratio | target |", "|---|---|---|---|---|---|"]
        for what, ml, base, base_name, target in self.rows:
            lines.append(f"| {what} | {format_seconds(ml)} | {format_seconds(base)} | {base_name} | {ml / base:.2f}x | {target} |")
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--git-ml-bin", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="git-ml-bench-gc-", dir=os.environ.get("GIT_ML_BENCH_DIR")))
    try:
        bench = Bench(args.git_ml_bin, work, args.quick, args.runs)
        bench.setup()
        bench.measure()
        publish_results("git-ml gc benchmark", bench.git_ml, bench.env, args.runs, bench.report(), "gc-latest.md")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
