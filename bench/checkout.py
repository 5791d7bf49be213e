#!/usr/bin/env python3
"""Checkout of one large file, git-ml before/after a change side by side with git-lfs, git-annex and cp.

    bench/checkout.py --git-ml-bin DIR [--before-bin DIR] [--runs 5] [--size-mib 1024]

Rows (each the median and the minimum over interleaved rounds: within a round every tool takes its turn, so a slow
spell of the machine hits them alike):
  - `rm big.bin && git checkout -- big.bin`, then the first `git status --porcelain` after it;
  - a branch switch that writes the file (`git checkout -q main` from a branch without it), then the first status;
  - floors: `cp` of the same file (page cache warm) and `cp && sync`.
git-annex runs in unlocked mode (files added with plain `git add`, annex.largefiles=anything; annex.thin left
false, so checkout copies rather than hard-links). CPU time (user + system of the command and its children) is
shown beside the wall clock: it barely moves when other work shares the machine. Results: results/checkout-latest.md.
"""
import argparse
import os
import pathlib
import resource
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from common import configure_git, format_seconds, isolated_env, publish_results, run, write_random  # noqa: E402


def measure(cmd, cwd, env):
    """(wall seconds, CPU seconds) of cmd, after flushing earlier writes so no run pays for another's."""
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = run(cmd, cwd, env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), result


class Tool:
    def __init__(self, name, env, setup):
        self.name, self.env, self.setup = name, env, setup
        self.samples = {}

    def add(self, row, wall, cpu):
        self.samples.setdefault(row, []).append((wall, cpu))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--git-ml-bin", required=True)
    parser.add_argument("--before-bin")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size-mib", type=int, default=1024)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="git-ml-checkout-bench-", dir=os.environ.get("GIT_ML_BENCH_DIR")))
    try:
        bench(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def make_env(work, name, bin_dir):
    home = work / f"home-{name}"
    home.mkdir()
    env = isolated_env(str(pathlib.Path(bin_dir).resolve()), home)
    git_ml = str(pathlib.Path(bin_dir).resolve() / "git-ml")
    configure_git(work, env, git_ml)
    run(["git", "lfs", "install", "--skip-repo"], work, env)
    return env, git_ml


def bench(work, args):
    size = args.size_mib << 20
    source = work / "big.bin"
    write_random(source, size, seed=1)
    env_after, ml_after = make_env(work, "after", args.git_ml_bin)
    tools = []

    def ml_setup(git_ml):
        def setup(repo, env):
            run([git_ml, "install", "--local"], repo, env)
            (repo / ".gitattributes").write_text("*.bin filter=ml diff=ml merge=binary -text\n")
        return setup

    def lfs_setup(repo, env):
        run(["git", "lfs", "install", "--local"], repo, env)
        (repo / ".gitattributes").write_text("*.bin filter=lfs diff=lfs merge=lfs -text\n")

    def annex_setup(repo, env):
        run(["git", "annex", "init", "-q", "bench"], repo, env)
        run(["git", "config", "annex.largefiles", "anything"], repo, env)
        (repo / ".gitattributes").write_text("")

    if args.before_bin:
        env_before, ml_before = make_env(work, "before", args.before_bin)
        tools.append(Tool("git-ml before", env_before, ml_setup(ml_before)))
    tools.append(Tool("git-ml after", env_after, ml_setup(ml_after)))
    tools.append(Tool("git-lfs", env_after, lfs_setup))
    if shutil.which("git-annex"):
        tools.append(Tool("git-annex (unlocked)", env_after, annex_setup))

    for index, tool in enumerate(tools):
        repo = work / f"repo{index}"
        run(["git", "init", "-q", str(repo)], work, tool.env)
        tool.setup(repo, tool.env)
        run(["git", "add", ".gitattributes"], repo, tool.env)
        run(["git", "commit", "-qm", "attributes", "--no-verify", "--allow-empty"], repo, tool.env)
        run(["git", "branch", "empty"], repo, tool.env)
        shutil.copyfile(source, repo / "big.bin")
        run(["git", "add", "big.bin"], repo, tool.env)
        run(["git", "commit", "-qm", "big", "--no-verify"], repo, tool.env)
        tool.repo = repo

    copy = work / "copy.bin"
    floors = {"cp": [], "cp && sync": []}
    for _ in range(args.runs):
        copy.unlink(missing_ok=True)
        wall, cpu, _ = measure(["cp", str(source), str(copy)], work, env_after)
        floors["cp"].append((wall, cpu))
        copy.unlink()
        wall, cpu, _ = measure(["sh", "-c", f"cp '{source}' '{copy}' && sync"], work, env_after)
        floors["cp && sync"].append((wall, cpu))
        copy.unlink()
        for tool in tools:
            repo, env = tool.repo, tool.env
            (repo / "big.bin").unlink()
            wall, cpu, _ = measure(["git", "checkout", "--", "big.bin"], repo, env)
            tool.add("checkout -- big.bin (file deleted first)", wall, cpu)
            wall, cpu, status = measure(["git", "status", "--porcelain"], repo, env)
            tool.add("first git status after it", wall, cpu)
            if status.stdout.strip():
                sys.exit(f"{tool.name}: status not clean after checkout: {status.stdout.decode()[:300]}")
            run(["git", "checkout", "-q", "empty"], repo, env)
            wall, cpu, _ = measure(["git", "checkout", "-q", "main"], repo, env)
            tool.add("switch to a branch with the file", wall, cpu)
            wall, cpu, status = measure(["git", "status", "--porcelain"], repo, env)
            tool.add("first git status after the switch", wall, cpu)
            if status.stdout.strip():
                sys.exit(f"{tool.name}: status not clean after switch: {status.stdout.decode()[:300]}")

    def stats(samples):
        walls = [w for w, _ in samples]
        cpus = [c for _, c in samples]
        return statistics.median(walls), min(walls), statistics.median(cpus)

    lines = ["| measurement | tool | median | min | CPU (median) | ratio (median) |", "|---|---|---:|---:|---:|---|"]
    for name, samples in floors.items():
        med, low, cpu = stats(samples)
        lines.append(f"| floor | {name} | {format_seconds(med)} | {format_seconds(low)} | {format_seconds(cpu)} | |")
    lfs = next(t for t in tools if t.name == "git-lfs")
    annex = next((t for t in tools if t.name.startswith("git-annex")), None)
    before = next((t for t in tools if t.name == "git-ml before"), None)
    cp_median = stats(floors["cp"])[0]
    for row in tools[0].samples:
        for tool in tools:
            med, low, cpu = stats(tool.samples[row])
            ratio = ""
            if tool.name.startswith("git-ml"):
                parts = [f"{med / stats(lfs.samples[row])[0]:.2f}x git-lfs"]
                if annex:
                    parts.append(f"{med / stats(annex.samples[row])[0]:.2f}x git-annex")
                if before and tool is not before:
                    parts.append(f"{med / stats(before.samples[row])[0]:.2f}x before")
                if row.startswith(("checkout", "switch")):
                    parts.append(f"{med / cp_median:.2f}x cp")
                ratio = ", ".join(parts)
            lines.append(f"| {row} | {tool.name} | {format_seconds(med)} | {format_seconds(low)} | {format_seconds(cpu)} | {ratio} |")
    publish_results(f"git-ml checkout of one {args.size_mib} MiB file", ml_after, env_after, args.runs, "\n".join(lines), "checkout-latest.md")


if __name__ == "__main__":
    main()
