#!/usr/bin/env python3
"""Data-remote benchmarks: git ml push and fetch against a local-directory remote and s3rver, side by side with
cp, reported as ratios. See bench/README.md for the targets.

Usage: remote.py --git-ml-bin DIR [--quick] [--runs N]
"""
import argparse
import asyncio
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import configure_git, format_seconds, isolated_env, run, timed, write_random  # noqa: E402











class S3rver:
    """s3rver from tests/servers (installed by tests/servers/install.sh), on a free loopback port."""

    def __init__(self, data):
        binary = ROOT / "tests" / "servers" / "node_modules" / ".bin" / "s3rver"
        if not binary.exists():
            run(["bash", str(ROOT / "tests" / "servers" / "install.sh")], ROOT, dict(os.environ))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        data.mkdir(parents=True)
        self.process = subprocess.Popen([str(binary), "-d", str(data), "-a", "127.0.0.1", "-p", str(self.port), "--no-vhost-buckets", "--silent", "--configure-bucket", "bench"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        # s3rver's list continuation tokens use a cipher OpenSSL 3 keeps in its legacy provider.
                                        env=dict(os.environ, NODE_OPTIONS="--openssl-legacy-provider"))
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        sys.exit("s3rver did not start")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class LatencyProxy:
    """A loopback TCP proxy that delivers every chunk `delay` seconds after it arrived, each way: a round trip of
    2 x delay, as a bucket in a cloud region is reached, without slowing throughput. On a 2-core machine with the
    server on the same cores, parallel transfers cannot show what they do over a real network; through this proxy
    they can. Runs in a thread of this process."""

    def __init__(self, target_port, delay):
        self.target_port = target_port
        self.delay = delay
        self.loop = asyncio.new_event_loop()
        started = threading.Event()

        def serve():
            asyncio.set_event_loop(self.loop)
            self.server = self.loop.run_until_complete(asyncio.start_server(self.handle, "127.0.0.1", 0))
            self.port = self.server.sockets[0].getsockname()[1]
            started.set()
            self.loop.run_forever()
        threading.Thread(target=serve, daemon=True).start()
        started.wait()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    async def handle(self, reader, writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(self.pump(reader, upstream_writer), self.pump(upstream_reader, writer))

    async def pump(self, source, target):
        queue = asyncio.Queue()

        async def deliver():
            while True:
                due, data = await queue.get()
                await asyncio.sleep(max(0.0, due - self.loop.time()))
                if data is None:
                    break
                target.write(data)
                await target.drain()
        sender = asyncio.ensure_future(deliver())
        try:
            while True:
                data = await source.read(1 << 16)
                await queue.put((self.loop.time() + self.delay, data or None))
                if not data:
                    break
            await sender
        except (ConnectionError, OSError):
            sender.cancel()
        finally:
            try:
                target.close()
            except (ConnectionError, OSError):
                pass

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)


class Bench:
    def __init__(self, bin_dir, work, quick, runs):
        bin_dir = str(pathlib.Path(bin_dir).resolve())
        self.work = work
        self.runs = runs
        self.files = 1000 if quick else 5000
        self.big = (256 << 20) if quick else (1 << 30)
        home = work / "home"
        home.mkdir(parents=True)
        self.env = isolated_env(bin_dir, home)
        self.git_ml = str(pathlib.Path(bin_dir) / "git-ml")
        configure_git(work, self.env, self.git_ml)
        self.rows = []

    def repo(self, name, pattern):
        path = self.work / name
        run(["git", "init", "-q", str(path)], self.work, self.env)
        (path / ".gitattributes").write_text(f"{pattern} filter=ml diff=ml merge=binary -text\n")
        return path

    def add_remote(self, repo, name, url, s3=None):
        run([self.git_ml, "remote", "add", name, url], repo, self.env)
        if s3:
            run([self.git_ml, "remote", "modify", name, "endpointUrl", s3.url], repo, self.env)
            run([self.git_ml, "remote", "modify", "--local", name, "accessKeyId", "S3RVER"], repo, self.env)
            run([self.git_ml, "remote", "modify", "--local", name, "secretAccessKey", "S3RVER"], repo, self.env)

    def push_pull(self, repo, remote, jobs, fresh_remote, label):
        """Median push and fetch (of everything) with this many jobs, each run starting from an empty side."""
        pushes, pulls = [], []
        store = repo / ".git" / "ml" / "objects"
        backup = self.work / "objects-backup"
        shutil.copytree(store, backup)
        for _ in range(self.runs):
            fresh_remote()
            pushes.append(timed([self.git_ml, "push", remote, "--all", "--jobs", str(jobs)], repo, self.env))
            shutil.rmtree(store)
            pulls.append(timed([self.git_ml, "fetch", remote, "--all", "--jobs", str(jobs)], repo, self.env))
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(backup, store)
        shutil.rmtree(backup)
        return statistics.median(pushes), statistics.median(pulls)

    def many_files(self, s3):
        group = f"{self.files:,} files of 20 KB"
        repo = self.repo("many", "data/**")
        for i in range(self.files):
            write_random(repo / "data" / f"d{i // 100:03d}" / f"f{i:05d}.dat", 20 * 1024, i)
        run(["git", "add", "."], repo, self.env)
        run(["git", "commit", "-qm", "data", "--no-verify"], repo, self.env)
        directory = self.work / "dir-remote"
        self.add_remote(repo, "dir", str(directory))
        self.add_remote(repo, "s3", "s3://bench/many", s3)

        copy = self.work / "cp-copy"
        cp = statistics.median([timed(["cp", "-r", str(repo / "data"), str(copy)], self.work, self.env,
                                      before=lambda: shutil.rmtree(copy, ignore_errors=True)) for _ in range(self.runs)])
        cp_sync = statistics.median([timed(["sh", "-c", f"cp -r '{repo / 'data'}' '{copy}' && sync"], self.work, self.env,
                                           before=lambda: shutil.rmtree(copy, ignore_errors=True)) for _ in range(self.runs)])
        shutil.rmtree(copy, ignore_errors=True)

        def fresh_directory():
            shutil.rmtree(directory, ignore_errors=True)
            directory.mkdir()
        counter = iter(range(10 ** 6))

        def fresh_s3():
            run([self.git_ml, "remote", "modify", "s3", "url", f"s3://bench/many-{next(counter)}"], repo, self.env)

        results = {}
        for name, fresh in (("dir", fresh_directory), ("s3", fresh_s3)):
            results[(name, 8)] = self.push_pull(repo, name, 8, fresh, f"{name} jobs 8")
            results[(name, 1)] = self.push_pull(repo, name, 1, fresh, f"{name} jobs 1")
        for name, what in (("dir", "local-directory remote"), ("s3", "s3rver")):
            push8, pull8 = results[(name, 8)]
            push1, pull1 = results[(name, 1)]
            note = f"{cp:.2f} s cp -r, {cp_sync:.2f} s cp -r && sync; {push8 / cp:.1f}x cp -r, {push8 / cp_sync:.1f}x cp -r && sync (target <= 3x)" if name == "dir" else ""
            self.rows.append((group, f"git ml push, {what}, 8 jobs", push8, f"{push1 / push8:.1f}x faster than --jobs 1 (target >= 4x)", note))
            self.rows.append((group, f"git ml push, {what}, 1 job", push1, "", ""))
            self.rows.append((group, f"git ml fetch, {what}, 8 jobs", pull8, f"{pull1 / pull8:.1f}x faster than --jobs 1 (target >= 4x)", f"{pull8 / cp:.1f}x cp -r, {pull8 / cp_sync:.1f}x cp -r && sync (target <= 3x)" if name == "dir" else ""))
            self.rows.append((group, f"git ml fetch, {what}, 1 job", pull1, "", ""))

        # Everything is on s3 now (the last run pushed it): a push with nothing to do.
        noop = statistics.median([timed([self.git_ml, "push", "s3", "--all"], repo, self.env) for _ in range(self.runs)])
        self.rows.append((group, "no-op git ml push (all present), s3rver", noop, "", "target < 2 s; objects loose, as right after commits"))
        # Git reads 5,000 loose pointer blobs one file each; packed (after git gc, or in a clone) it reads them at once.
        run(["git", "gc", "-q"], repo, self.env)
        noop = statistics.median([timed([self.git_ml, "push", "s3", "--all"], repo, self.env) for _ in range(self.runs)])
        self.rows.append((group, "no-op git ml push (all present), s3rver, after git gc", noop, "", "target < 2 s"))
        shutil.rmtree(repo)

    def over_network(self, s3, files, delay):
        """The same push and fetch through a proxy adding a network round trip: what parallel jobs are for."""
        rtt = f"{delay * 2000:.0f} ms"
        group = f"{files:,} files of 20 KB, s3rver {rtt} away"
        repo = self.repo("network", "data/**")
        for i in range(files):
            write_random(repo / "data" / f"f{i:05d}.dat", 20 * 1024, i)
        run(["git", "add", "."], repo, self.env)
        run(["git", "commit", "-qm", "data", "--no-verify"], repo, self.env)
        proxy = LatencyProxy(s3.port, delay)
        try:
            self.add_remote(repo, "far", "s3://bench/far", proxy)
            counter = iter(range(10 ** 6))

            def fresh():
                run([self.git_ml, "remote", "modify", "far", "url", f"s3://bench/far-{next(counter)}"], repo, self.env)
            push8, pull8 = self.push_pull(repo, "far", 8, fresh, "far jobs 8")
            push1, pull1 = self.push_pull(repo, "far", 1, fresh, "far jobs 1")
        finally:
            proxy.stop()
        self.rows.append((group, "git ml push, 8 jobs", push8, f"{push1 / push8:.1f}x faster than --jobs 1 (target >= 4x)", ""))
        self.rows.append((group, "git ml push, 1 job", push1, "", ""))
        self.rows.append((group, "git ml fetch, 8 jobs", pull8, f"{pull1 / pull8:.1f}x faster than --jobs 1 (target >= 4x)", ""))
        self.rows.append((group, "git ml fetch, 1 job", pull1, "", ""))
        shutil.rmtree(repo)

    def large_file(self):
        group = f"one {self.big >> 20} MiB object, local-directory remote"
        repo = self.repo("large", "*.bin")
        write_random(repo / "big.bin", self.big, 1)
        run(["git", "add", "."], repo, self.env)
        run(["git", "commit", "-qm", "big", "--no-verify"], repo, self.env)
        directory = self.work / "large-remote"
        directory.mkdir()
        self.add_remote(repo, "dir", str(directory))
        copy = self.work / "big-copy.bin"
        cp = statistics.median([timed(["cp", str(repo / "big.bin"), str(copy)], self.work, self.env, before=lambda: copy.unlink(missing_ok=True)) for _ in range(self.runs)])
        cp_sync = statistics.median([timed(["sh", "-c", f"cp '{repo / 'big.bin'}' '{copy}' && sync"], self.work, self.env, before=lambda: copy.unlink(missing_ok=True)) for _ in range(self.runs)])
        copy.unlink(missing_ok=True)

        def fresh():
            shutil.rmtree(directory)
            directory.mkdir()
        push, pull = self.push_pull(repo, "dir", 8, fresh, "large")
        rss_file = self.work / "rss.txt"
        fresh()
        run(["/usr/bin/time", "-f", "%M", "-o", str(rss_file), self.git_ml, "push", "dir", "--all", "--jobs", "8"], repo, self.env)
        push_rss = int(rss_file.read_text().split()[-1]) / 1024
        shutil.rmtree(repo / ".git" / "ml" / "objects")
        run(["/usr/bin/time", "-f", "%M", "-o", str(rss_file), self.git_ml, "fetch", "dir", "--all", "--jobs", "8"], repo, self.env)
        pull_rss = int(rss_file.read_text().split()[-1]) / 1024
        self.rows.append((group, "cp (page cache)", cp, "", ""))
        self.rows.append((group, "cp && sync", cp_sync, "", ""))
        self.rows.append((group, "git ml push", push, f"{push / cp:.1f}x cp, {push / cp_sync:.2f}x cp && sync", "target <= 1.5x cp"))
        self.rows.append((group, "git ml fetch", pull, f"{pull / cp:.1f}x cp, {pull / cp_sync:.2f}x cp && sync", "target <= 1.5x cp"))
        self.rows.append((group, "peak RSS with 8 jobs, push / fetch", None, "", f"{push_rss:.0f} / {pull_rss:.0f} MB (target < 300 MB)"))
        shutil.rmtree(repo)

    def report(self):
        lines = ["| group | measurement | time | ratio | note |", "|---|---|---:|---|---|"]
        for group, what, seconds, ratio, note in self.rows:
            s = format_seconds(seconds)
            lines.append(f"| {group} | {what} | {s} | {ratio} | {note} |")
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--git-ml-bin", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="git-ml-bench-remote-", dir=os.environ.get("GIT_ML_BENCH_DIR")))
    s3 = None
    try:
        bench = Bench(args.git_ml_bin, work, args.quick, args.runs)
        s3 = S3rver(work / "s3rver")
        bench.many_files(s3)
        bench.over_network(s3, 200 if args.quick else 1000, 0.01)
        bench.large_file()
        ml = run([bench.git_ml, "version"], work, bench.env).stdout.decode().strip()
        header = f"# git-ml data-remote benchmark\n\n{ml}; s3rver 3.7.1; {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; median of {args.runs} runs\n\n"
        table = bench.report()
        results = ROOT / "bench" / "results"
        results.mkdir(exist_ok=True)
        (results / "remote-latest.md").write_text(header + table + "\n")
        print(header + table)
    finally:
        if s3:
            s3.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
