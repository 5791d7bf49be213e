#!/usr/bin/env python3
"""git-ml vs git-lfs vs the machine's limits. See bench/README.md for what is measured and why.

Every figure is the median of several runs in the same process tree, on the same files, one after another, so
the ratios compare like with like on a noisy machine. Times are wall clock; memory is the peak RSS of the
filter process alone (git runs it under /usr/bin/time through a -c override of filter.ml.process).
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
from common import configure_git, format_seconds, isolated_env, run, timed, write_random  # noqa: E402








def median(samples):
    return statistics.median(samples)


def can_drop_caches():
    return os.access("/proc/sys/vm/drop_caches", os.W_OK)


def drop_caches():
    """Empties the page cache (root only), so a run reads from disk as a first touch of the data would."""
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w") as f:
        f.write("3\n")





class Bench:
    def __init__(self, bin_dir, work, quick, runs):
        bin_dir = str(pathlib.Path(bin_dir).resolve())
        self.work = work
        self.runs = runs
        self.big = (256 << 20) if quick else (1 << 30)
        self.files = 1000 if quick else 5000
        home = work / "home"
        home.mkdir(parents=True)
        self.env = isolated_env(bin_dir, home)
        self.git_ml = str(pathlib.Path(bin_dir) / "git-ml")
        configure_git(work, self.env, self.git_ml)
        run(["git", "lfs", "install", "--skip-repo"], work, self.env)
        self.rows = []

    def repo(self, name, tool, pattern):
        path = self.work / name
        run(["git", "init", "-q", str(path)], self.work, self.env)
        if tool == "ml":
            run([self.git_ml, "install", "--local"], path, self.env)  # hooks too: measure what users get
            (path / ".gitattributes").write_text(f"{pattern} filter=ml diff=ml merge=binary -text\n")
        elif tool == "lfs":
            run(["git", "lfs", "install", "--local"], path, self.env)
            (path / ".gitattributes").write_text(f"{pattern} filter=lfs diff=lfs merge=lfs -text\n")
        run(["git", "add", ".gitattributes"], path, self.env, check=tool != "plain")
        if tool != "plain":
            run(["git", "commit", "-qm", "attributes", "--no-verify"], path, self.env)
        else:
            (path / "README").write_text("plain\n")
            run(["git", "add", "README"], path, self.env)
            run(["git", "commit", "-qm", "init"], path, self.env)
        return path

    def add_row(self, group, what, seconds, baseline=None, note=""):
        self.rows.append((group, what, seconds, baseline, note))

    # --- one large file -------------------------------------------------------------------------------------
    def large_file(self):
        size = self.big
        source = self.work / "big.bin"
        write_random(source, size, seed=1)
        group = f"one {size >> 20} MiB file"

        copy = self.work / "copy.bin"
        def no_copy():
            copy.unlink(missing_ok=True)
        def no_copy_cold():
            no_copy()
            drop_caches()
        cold = can_drop_caches()
        cp = median([timed(["cp", str(source), str(copy)], self.work, self.env, before=no_copy) for _ in range(self.runs)])
        cp_sync = median([timed(["sh", "-c", f"cp '{source}' '{copy}' && sync"], self.work, self.env, before=no_copy) for _ in range(self.runs)])
        cp_cold = median([timed(["cp", str(source), str(copy)], self.work, self.env, before=no_copy_cold) for _ in range(self.runs)]) if cold else None
        sha = median([timed(["openssl", "dgst", "-sha256", str(source)], self.work, self.env) for _ in range(self.runs)])
        copy.unlink(missing_ok=True)

        # Tools take turns within each round, so a slow spell of the machine hits both alike.
        tools = ("lfs", "ml")
        repos = {tool: self.repo(f"large-{tool}", tool, "*.bin") for tool in tools}
        for repo in repos.values():
            shutil.copyfile(source, repo / "big.bin")
        adds = {tool: [] for tool in tools}
        cold_adds = {tool: [] for tool in tools}
        checkouts = {tool: [] for tool in tools}

        def fresh_add(tool, cold_cache=False):
            repo = repos[tool]
            run(["git", "rm", "-q", "--cached", "--ignore-unmatch", "big.bin"], repo, self.env)
            shutil.rmtree(repo / ".git" / tool / "objects", ignore_errors=True)
            os.utime(repo / "big.bin")
            if cold_cache:
                drop_caches()

        for _ in range(self.runs):
            for tool in tools:
                adds[tool].append(timed(["git", "add", "big.bin"], repos[tool], self.env, before=lambda: fresh_add(tool)))
                if cold:
                    cold_adds[tool].append(timed(["git", "add", "big.bin"], repos[tool], self.env, before=lambda: fresh_add(tool, True)))
        for tool in tools:
            run(["git", "commit", "-qm", "big", "--no-verify"], repos[tool], self.env)
        for _ in range(self.runs):
            for tool in tools:
                target = repos[tool] / "big.bin"
                checkouts[tool].append(timed(["git", "checkout", "--", "big.bin"], repos[tool], self.env, before=target.unlink))
        results = {tool: (median(adds[tool]), median(checkouts[tool]), median(cold_adds[tool]) if cold else None) for tool in tools}

        repo = repos["ml"]
        target = repo / "big.bin"
        rss_file = self.work / "rss.txt"
        process = f"/usr/bin/time -f %M -o {rss_file} git-ml filter-process"
        fresh_add("ml")
        run(["git", "-c", f"filter.ml.process={process}", "add", "big.bin"], repo, self.env)
        add_rss = int(rss_file.read_text().split()[-1]) / 1024
        target.unlink()
        run(["git", "-c", f"filter.ml.process={process}", "checkout", "--", "big.bin"], repo, self.env)
        checkout_rss = int(rss_file.read_text().split()[-1]) / 1024
        for repo in repos.values():
            shutil.rmtree(repo)

        lfs_add, lfs_checkout, lfs_cold = results["lfs"]
        ml_add, ml_checkout, ml_cold = results["ml"]
        self.add_row(group, "cp (file in page cache)", cp)
        self.add_row(group, "cp && sync", cp_sync)
        if cold:
            self.add_row(group, "cp, cold page cache", cp_cold)
        self.add_row(group, "openssl dgst -sha256", sha)
        self.add_row(group, "git add, git-lfs", lfs_add)
        self.add_row(group, "git add, git-ml (durable: synced before git add returns)", ml_add, lfs_add,
                     f"{ml_add / cp:.2f}x cp, {ml_add / cp_sync:.2f}x cp && sync; target <= 0.75x git-lfs")
        if cold:
            self.add_row(group, "git add, cold page cache, git-lfs", lfs_cold)
            self.add_row(group, "git add, cold page cache, git-ml", ml_cold, lfs_cold, f"{ml_cold / cp_cold:.2f}x cp cold (target <= 2x)")
        self.add_row(group, "git checkout, git-lfs", lfs_checkout)
        self.add_row(group, "git checkout, git-ml", ml_checkout, lfs_checkout, "target <= 0.75x git-lfs")
        self.add_row(group, "git-ml filter peak RSS (MB), add / checkout", None, None, f"{add_rss:.0f} / {checkout_rss:.0f} MB (target < 100 MB)")
        source.unlink()

    # --- many small files -----------------------------------------------------------------------------------
    def many_files(self):
        count = self.files
        group = f"{count:,} files of 20 KB"
        tools = ("plain", "lfs", "ml")
        repos = {tool: self.repo(f"many-{tool}", tool, "data/**") for tool in tools}
        for i in range(count):
            write_random(repos["plain"] / "data" / f"d{i // 100:03d}" / f"f{i:05d}.dat", 20 * 1024, seed=i)
        for tool in ("lfs", "ml"):
            shutil.copytree(repos["plain"] / "data", repos[tool] / "data")
        adds = {tool: [] for tool in tools}
        checkouts = {tool: [] for tool in tools}
        statuses = {tool: [] for tool in tools}

        def fresh_add(tool):
            run(["git", "rm", "-q", "-r", "--cached", "--ignore-unmatch", "data"], repos[tool], self.env)
            shutil.rmtree(repos[tool] / ".git" / tool / "objects", ignore_errors=True)

        for _ in range(self.runs):
            for tool in tools:
                adds[tool].append(timed(["git", "add", "data"], repos[tool], self.env, before=lambda: fresh_add(tool)))
        for tool in tools:
            run(["git", "commit", "-qm", "data", "--no-verify"], repos[tool], self.env)
            run(["git", "branch", "-f", "empty", "HEAD~1"], repos[tool], self.env)
        for _ in range(self.runs):
            for tool in tools:
                run(["git", "checkout", "-q", "empty"], repos[tool], self.env)
                checkouts[tool].append(timed(["git", "checkout", "-q", "main"], repos[tool], self.env))
                statuses[tool].append(timed(["git", "status", "--porcelain"], repos[tool], self.env))
        for tool in tools:
            status_out = run(["git", "status", "--porcelain"], repos[tool], self.env).stdout
            if status_out.strip():
                sys.exit(f"{tool}: status not clean after checkout:\n{status_out.decode()[:500]}")
        results = {tool: (median(adds[tool]), median(checkouts[tool]), median(statuses[tool])) for tool in tools}

        def stage_all_again():
            run(["git", "rm", "-q", "-r", "--cached", "data"], repos["ml"], self.env)
            run(["git", "add", "data"], repos["ml"], self.env)
        self.pre_commit_hook = median([timed([self.git_ml, "hook", "pre-commit"], repos["ml"], self.env, before=stage_all_again)
                                       for _ in range(self.runs)])
        for repo in repos.values():
            shutil.rmtree(repo)
        for index, what in enumerate(("git add", "git checkout (other branch -> back)", "first git status after checkout")):
            self.add_row(group, f"{what}, plain git", results["plain"][index])
            self.add_row(group, f"{what}, git-lfs", results["lfs"][index])
            self.add_row(group, f"{what}, git-ml", results["ml"][index], results["lfs"][index], "target <= 1.0x git-lfs")
        self.add_row(group, f"pre-commit hook on {count:,} staged pointers", self.pre_commit_hook, None, "target well under 0.2 s")

    # --- process start --------------------------------------------------------------------------------------
    def startup(self):
        repo = self.work / "startup"
        run(["git", "init", "-q", str(repo)], self.work, self.env)
        run([self.git_ml, "install", "--local"], repo, self.env)
        shim = repo / ".git" / "hooks" / "post-checkout"
        head_args = ["0" * 40, "0" * 40, "1"]
        # Git runs the installed shim, which runs `git-ml hook --shim "$0" post-checkout ...`: the first row is
        # that git-ml process (the target), the second the whole shim as git runs it, sh included.
        samples = {"git-ml hook post-checkout as the shim runs it (nothing to do)": [self.git_ml, "hook", "--shim", str(shim), "post-checkout", *head_args],
                   "post-checkout shim as git runs it (sh + git-ml)": ["sh", str(shim), *head_args],
                   "git-ml version": [self.git_ml, "version"],
                   "git rev-parse (for scale)": ["git", "rev-parse", "--git-dir"]}
        for what, cmd in samples.items():
            for _ in range(3):
                timed(cmd, repo, self.env)  # warm the page cache
            seconds = median([timed(cmd, repo, self.env) for _ in range(max(20, self.runs))])
            self.add_row("process start", what, seconds, None, "target < 60 ms" if what.startswith("git-ml hook") else "")

    def report(self):
        lines = ["| group | measurement | seconds | ratio | note |", "|---|---|---:|---:|---|"]
        for group, what, seconds, baseline, note in self.rows:
            s = format_seconds(seconds)
            ratio = f"{seconds / baseline:.2f}x git-lfs" if baseline else ""
            lines.append(f"| {group} | {what} | {s} | {ratio} | {note} |")
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--git-ml-bin", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="git-ml-bench-", dir=os.environ.get("GIT_ML_BENCH_DIR")))
    try:
        bench = Bench(args.git_ml_bin, work, args.quick, args.runs)
        git = run(["git", "--version"], work, bench.env).stdout.decode().strip()
        lfs = run(["git", "lfs", "version"], work, bench.env).stdout.decode().split()[0]
        ml = run([bench.git_ml, "version"], work, bench.env).stdout.decode().strip()
        bench.startup()
        bench.large_file()
        bench.many_files()
        header = (f"# git-ml benchmark\n\n{ml}; {lfs}; {git}; {os.cpu_count()} cores; "
                  f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; median of {args.runs} runs\n\n")
        table = bench.report()
        results = ROOT / "bench" / "results"
        results.mkdir(exist_ok=True)
        (results / "latest.md").write_text(header + table + "\n")
        print(header + table)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
