#!/usr/bin/env python3
"""git-ml beside git-lfs and git-annex on what a user does with data every day, in one run (issue 17 points 3, 4, 6).

Usage: peers.py --git-ml-bin DIR [--quick] [--runs N] [--skip-large] [--small-files-only] [--large-only] [--without-annex] [--verbose]

Many small files (5,000 of 20 KB; 1,000 with --quick): `git add`, `git commit` (the tools' hooks included), a switch
to a branch without them and back, the first `git status` after it, a push of the data to a local-directory remote
and a pull of it into a fresh clone. One large file (1 GiB; 256 MiB with --quick): push and pull. The three tools
take turns within each round (so a slow spell of the machine hits them alike); each figure is the median of the
rounds, with the minimum beside it, and the peak RSS of the tool's processes for the transfers. Floors measured in
the same run: plain git for the git operations, `cp -r` / `cp` for the transfers.

How each tool is set up, as its documentation suggests for this job:
- git-ml: `git ml install`, `.gitattributes` with filter=ml, a directory data remote (`git ml remote add`); push is
  `git ml push`, pull is `git ml pull` in a clone made with GIT_ML_SKIP_SMUDGE=1.
- git-lfs 3.3: `git lfs install`, filter=lfs, the Git remote a local bare repository (git-lfs then moves objects with
  its standalone file agent); push is `git lfs push --all origin`, pull is `git lfs pull` in a clone made with
  GIT_LFS_SKIP_SMUDGE=1.
- git-annex 10, unlocked files (the fair comparison with a filter): `git annex init`, annex.largefiles=anything,
  annex.addunlocked=true, a directory special remote; push is `git annex copy --to`, pull is `git annex get` in a
  fresh clone.
Results in bench/results/peers-latest.md. To iterate faster on the small-file git operations: --small-files-only
skips the transfers and the large file, --large-only measures only the large file's push and pull, --without-annex
leaves git-annex out (its add and switch take most of a round).
"""
import argparse
import os
import pathlib
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from common import configure_git, format_seconds, isolated_env, publish_results, run, write_random  # noqa: E402

TOOLS = ("plain", "lfs", "annex", "ml")
NAMES = {"plain": "plain git", "lfs": "git-lfs", "annex": "git-annex", "ml": "git-ml"}


VERBOSE = False  # --verbose: every sample on stderr as it is taken


def measured(cmd, cwd, env, before=None, rss=False):
    """(wall seconds, peak RSS in KB or None) of one run of cmd; `before` runs first, untimed, and pending writes of
    earlier steps are flushed, so no run pays for another's. With rss, cmd runs under /usr/bin/time (the figure is
    the tool's own process: git-ml, git-lfs or git-annex)."""
    if before:
        before()
    os.sync()
    rss_file = pathlib.Path(tempfile.gettempdir()) / f"peers-rss-{os.getpid()}"
    if rss:
        cmd = ["/usr/bin/time", "-f", "%M", "-o", str(rss_file), *cmd]
    start = time.perf_counter()
    run(cmd, cwd, env)
    wall = time.perf_counter() - start
    if VERBOSE:
        print(f"  {wall:8.3f} s  {' '.join(str(c) for c in cmd)[:120]}", file=sys.stderr, flush=True)
    return wall, (int(rss_file.read_text().split()[-1]) if rss else None)


def entries(path):
    return sum(len(files) + len(dirs) for _, dirs, files in os.walk(path))


class Peers:
    def __init__(self, bin_dir, work, quick, runs, tools=TOOLS, transfers=True):
        self.work = work
        self.tools = tuple(tools)
        self.with_transfers = transfers
        self.runs = runs
        self.files = 1000 if quick else 5000
        self.big = (256 << 20) if quick else (1 << 30)
        home = work / "home"
        home.mkdir()
        self.env = isolated_env(pathlib.Path(bin_dir).resolve(), home)
        self.git_ml = str(pathlib.Path(bin_dir).resolve() / "git-ml")
        configure_git(work, self.env, self.git_ml)
        run(["git", "lfs", "install", "--skip-repo"], work, self.env)
        run(["git", "config", "--global", "annex.autocommit", "false"], work, self.env)
        self.rows = []
        self.trash = work / "trash"
        self.trash.mkdir()

    def discard(self, path):
        """Removes a tree the next step must not find. A tree of many files is moved aside and deleted at the end:
        on this VM's ext4 (no journal) creating files right after deleting many costs seconds of system time (every
        inode freed in the last 30 s is skipped and re-read), which would bill one tool for another's clean-up."""
        if not path.exists():
            return
        if not path.is_dir():
            path.unlink()
        elif entries(path) < 100:
            shutil.rmtree(path)
        else:
            path.rename(self.trash / f"{len(list(self.trash.iterdir()))}")

    # --- set-up ---------------------------------------------------------------------------------------------
    def repo(self, name, tool, pattern):
        """A repository set up for the tool, with a bare Git remote (origin) and, for git-ml and git-annex, a
        directory data remote named `data`."""
        path = self.work / name
        remote = self.work / f"{name}-origin.git"
        data = self.work / f"{name}-data"
        run(["git", "init", "-q", "--bare", str(remote)], self.work, self.env)
        run(["git", "init", "-q", str(path)], self.work, self.env)
        run(["git", "remote", "add", "origin", str(remote)], path, self.env)
        if tool == "ml":
            run([self.git_ml, "install", "--local"], path, self.env)
            (path / ".gitattributes").write_text(f"{pattern} filter=ml diff=ml merge=binary -text\n")
            run([self.git_ml, "remote", "add", "data", str(data)], path, self.env)
        elif tool == "lfs":
            run(["git", "lfs", "install", "--local"], path, self.env)
            (path / ".gitattributes").write_text(f"{pattern} filter=lfs diff=lfs merge=lfs -text\n")
        elif tool == "annex":
            run(["git", "annex", "init", "-q", "bench"], path, self.env)
            run(["git", "config", "annex.largefiles", "anything"], path, self.env)
            run(["git", "config", "annex.addunlocked", "true"], path, self.env)
            data.mkdir()
            run(["git", "annex", "initremote", "-q", "data", "type=directory", f"directory={data}", "encryption=none"], path, self.env)
        (path / "README").write_text(f"{tool}\n")
        run(["git", "-c", "annex.largefiles=nothing", "add", "README",
             *[f for f in (".gitattributes", ".mlconfig") if (path / f).exists()]], path, self.env)
        run(["git", "commit", "-qm", "set-up", "--no-verify"], path, self.env)
        run(["git", "tag", "set-up"], path, self.env)
        return path

    def fresh_data_remote(self, name, tool):
        folder = self.work / f"{name}-data"
        if tool == "lfs":
            folder = self.work / f"{name}-origin.git" / "lfs"
        self.discard(folder)
        if tool != "lfs":
            folder.mkdir()

    def push_cmd(self, tool):
        return {"ml": [self.git_ml, "push", "data", "--all"],
                "lfs": ["git", "lfs", "push", "--all", "origin"],
                "annex": ["git", "annex", "copy", "--quiet", "--to", "data", "--all"]}[tool]

    def clone(self, name, tool):
        """A fresh clone without the data (untimed); returns its path and the command that gets the data."""
        target = self.work / f"{name}-clone"
        self.discard(target)
        env = dict(self.env, GIT_ML_SKIP_SMUDGE="1", GIT_LFS_SKIP_SMUDGE="1")
        run(["git", "clone", "-q", str(self.work / f"{name}-origin.git"), str(target)], self.work, env)
        if tool == "ml":
            run([self.git_ml, "install", "--local"], target, self.env)
            run([self.git_ml, "remote", "trust", "data"], target, self.env)
            return target, [self.git_ml, "pull", "data"]
        if tool == "lfs":
            run(["git", "lfs", "install", "--local"], target, self.env)
            return target, ["git", "lfs", "pull"]
        run(["git", "annex", "init", "-q", "clone"], target, self.env)
        run(["git", "annex", "enableremote", "data", f"directory={self.work / (name + '-data')}"], target, self.env)
        return target, ["git", "annex", "get", "--quiet", "."]

    def row(self, group, what, samples, floors=(), peers=None, target=""):
        """One operation: each tool's median and minimum, the ratios the issue names, peak RSS where measured."""
        cells = []
        for tool, values in samples.items():
            walls = [w for w, _ in values]
            peak = max((m for _, m in values if m), default=None)
            rss = f", {peak / 1024:.0f} MB" if peak else ""
            cells.append(f"{NAMES[tool]} {format_seconds(statistics.median(walls))} (min {format_seconds(min(walls))}{rss})")
        ml = statistics.median(w for w, _ in samples["ml"])
        ratios = [f"{ml / statistics.median(w for w, _ in samples[p]):.2f}x {NAMES[p]}" for p in (peers or ()) if p in samples]
        ratios += [f"{ml / floor:.2f}x {name} ({format_seconds(floor)})" for name, floor in floors]
        self.rows.append((group, what, "; ".join(cells), ", ".join(ratios), target))

    # --- many small files -----------------------------------------------------------------------------------
    def many_files(self):
        group = f"{self.files:,} files of 20 KB"
        repos = {tool: self.repo(f"many-{tool}", tool, "data/**") for tool in self.tools}
        source = self.work / "many-source"
        for i in range(self.files):
            write_random(source / f"d{i // 100:03d}" / f"f{i:05d}.dat", 20 * 1024, seed=i)
        ops = ("add", "commit", "switch", "status")
        samples = {op: {tool: [] for tool in self.tools} for op in ops}
        for round_number in range(self.runs):
            # The tools take turns in a rotating order, as in the transfers: each round another one follows the largest
            # writes and deletions of the round before it (git-annex's above all), whose cost the file system is still
            # paying for when the next tool starts.
            shift = round_number % len(self.tools)
            for tool in self.tools[shift:] + self.tools[:shift]:
                repo = repos[tool]
                def reset(repo=repo):
                    run(["git", "checkout", "-q", "-f", "main"], repo, self.env)
                    run(["git", "reset", "-q", "--hard", "set-up"], repo, self.env)
                    self.discard(repo / "data")
                    for store in (".git/ml/objects", ".git/lfs/objects", ".git/annex/objects"):
                        self.discard(repo / store)
                    shutil.copytree(source, repo / "data")
                samples["add"][tool].append(measured(["git", "add", "data"], repo, self.env, before=reset))
                samples["commit"][tool].append(measured(["git", "commit", "-qm", "data"], repo, self.env))
                run(["git", "checkout", "-q", "set-up"], repo, self.env)
                samples["switch"][tool].append(measured(["git", "checkout", "-q", "main"], repo, self.env))
                samples["status"][tool].append(measured(["git", "status", "--porcelain"], repo, self.env))
                dirty = run(["git", "status", "--porcelain"], repo, self.env).stdout.strip()
                if dirty:
                    sys.exit(f"{tool}: not clean after the switch back:\n{dirty.decode()[:400]}")
        what = {"add": "git add", "commit": "git commit (hooks included)", "switch": "switch to a branch without them and back (timed: back)",
                "status": "first git status after it"}
        for op in ops:
            self.row(group, what[op], samples[op], peers=("lfs", "annex", "plain"), target="<= 0.8x git-lfs")
        if not self.with_transfers:
            for tool in self.tools:
                shutil.rmtree(repos[tool])
            shutil.rmtree(source)
            return
        for tool in self.tools:
            run(["git", "push", "-q", "--no-verify", "origin", "HEAD:main"], repos[tool], self.env)
        # The files as they are, and git-ml's store of them: one file per object under objects/ab/cd/, the layout of
        # every content-addressed remote (git-lfs's and git-annex's too), whose ~1,250 folders cost more than the data.
        copies = {"cp -r of the files": (source, True), "cp -r of the object store": (repos["ml"] / ".git" / "ml" / "objects", True)}
        self.transfers(group, {tool: repos[tool] for tool in ("lfs", "annex", "ml") if tool in self.tools}, "many", copies,
                       targets=("<= 0.8x git-lfs", "<= 0.8x git-lfs"))
        for tool in self.tools:
            shutil.rmtree(repos[tool])
        shutil.rmtree(source)

    def floor_round(self, copies, times):
        """One round of copying what a transfer copies, as `cp` does it and with `sync` after it (git-ml's transfers
        are durable when they return; git-lfs and git-annex do not flush), each into a target just emptied, as each
        push goes to a remote just emptied. Taken inside the transfers' rounds, at the end of each: on this VM's
        ext4 a write's cost depends on what was freed just before it, so a floor measured in another phase of the run
        is not the floor of these pushes."""
        for name, (source, recursive) in copies.items():
            target = self.work / "floor-copy"
            cmd = ["cp", *(["-r"] if recursive else []), str(source), str(target)]
            for label, command in ((name, cmd), (f"{name} && sync", ["sh", "-c", " ".join(f"'{c}'" for c in cmd) + " && sync"])):
                times.setdefault(label, []).append(measured(command, self.work, self.env, before=lambda: self.discard(target))[0])
        self.discard(self.work / "floor-copy")

    def transfers(self, group, repos, prefix, copies, targets):
        """Push and pull for each tool, round by round, with the floor copies of `copies` (floor_round) in each round."""
        pushes = {tool: [] for tool in repos}
        pulls = {tool: [] for tool in repos}
        floor_times = {}
        order = list(repos.items())
        for round_number in range(self.runs):
            # The tools take turns in a rotating order: each round another one follows the largest writes of the
            # round before it (on this VM a transfer right after another tool's 2 GiB pull pays for that pull's writes).
            shift = round_number % len(order)
            for tool, repo in order[shift:] + order[:shift]:
                name = f"{prefix}-{tool}"
                pushes[tool].append(measured(self.push_cmd(tool), repo, self.env, rss=True,
                                             before=lambda: self.fresh_data_remote(name, tool)))
                if tool == "annex":  # the clone learns the remote and where the data is from the git-annex branch
                    run(["git", "push", "-q", "-f", "origin", "git-annex"], repo, self.env)
                clone, pull = self.clone(name, tool)
                pulls[tool].append(measured(pull, clone, self.env, rss=True))
                dirty = run(["git", "status", "--porcelain"], clone, self.env).stdout.strip()
                if dirty and tool != "annex":
                    sys.exit(f"{tool}: clone not clean after the pull:\n{dirty.decode()[:400]}")
                self.discard(clone)
            self.floor_round(copies, floor_times)
        floors = [(label, statistics.median(values)) for label, values in floor_times.items()]
        self.row(group, "push the data to a local-directory remote", pushes, floors, peers=("lfs", "annex"), target=targets[0])
        self.row(group, "pull it into a fresh clone", pulls, floors, peers=("lfs", "annex"), target=targets[1])

    # --- one large file -------------------------------------------------------------------------------------
    def large_file(self):
        group = f"one {self.big >> 20} MiB file"
        tools = tuple(tool for tool in ("lfs", "annex", "ml") if tool in self.tools)
        repos = {tool: self.repo(f"large-{tool}", tool, "*.bin") for tool in tools}
        source = self.work / "big.bin"
        write_random(source, self.big, seed=1)
        for tool, repo in repos.items():
            shutil.copyfile(source, repo / "big.bin")
            run(["git", "add", "big.bin"], repo, self.env)
            run(["git", "commit", "-qm", "big"], repo, self.env)
            run(["git", "push", "-q", "--no-verify", "origin", "HEAD:main"], repo, self.env)
        self.transfers(group, repos, "large", {"cp of the file": (source, False)},
                       targets=("<= 1.0x git-annex", "<= 1.0x git-annex, <= 0.8x git-lfs"))
        source.unlink()
        for repo in repos.values():
            shutil.rmtree(repo)

    def report(self):
        lines = ["| group | operation | median (min, peak RSS) per tool | git-ml ratio | target |", "|---|---|---|---|---|"]
        lines += [f"| {g} | {w} | {c} | {r} | {t} |" for g, w, c, r, t in self.rows]
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--git-ml-bin", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--small-files-only", action="store_true", help="only add, commit, switch and status of the small files")
    parser.add_argument("--large-only", action="store_true", help="only the large file's push and pull")
    parser.add_argument("--without-annex", action="store_true", help="leave git-annex out")
    parser.add_argument("--verbose", action="store_true", help="print every sample as it is taken (stderr)")
    args = parser.parse_args()
    global VERBOSE
    VERBOSE = args.verbose
    tools = tuple(t for t in TOOLS if not (args.without_annex and t == "annex"))
    for tool in ("git-lfs", *(() if args.without_annex else ("git-annex",))):
        if not shutil.which(tool):
            sys.exit(f"peers.py: {tool} is needed (apt-get install -y git-lfs git-annex)")
    work = pathlib.Path(tempfile.mkdtemp(prefix="git-ml-peers-", dir=os.environ.get("GIT_ML_BENCH_DIR")))
    try:
        peers = Peers(args.git_ml_bin, work, args.quick, args.runs, tools, transfers=not args.small_files_only)
        if not args.large_only:
            peers.many_files()
        if not (args.skip_large or args.small_files_only):
            peers.large_file()
        publish_results("git-ml beside git-lfs and git-annex", peers.git_ml, peers.env, args.runs, peers.report(), "peers-latest.md")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
