"""What the benchmark scripts share: running commands, timing them fairly, and making test data."""
import os
import pathlib
import random
import resource
import subprocess
import sys
import time


def run(cmd, cwd, env, check=True):
    result = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check and result.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed in {cwd}:\n{result.stdout.decode()}\n{result.stderr.decode()}")
    return result


def timed(cmd, cwd, env, before=None):
    """Seconds one run of cmd takes; `before` runs first, untimed. Pending writes of earlier steps are flushed
    before the clock starts, so no run pays for another's (git-ml flushes its objects before it returns)."""
    if before:
        before()
    os.sync()
    start = time.perf_counter()
    run(cmd, cwd, env)
    return time.perf_counter() - start


def cpu_timed(cmd, cwd, env):
    """(wall seconds, CPU seconds) of one run of cmd. CPU time (user + system, of cmd and its children) barely moves
    when other work shares the machine, so start-up costs are compared on it as well as on the clock."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run(cmd, cwd, env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def clock(action):
    """Seconds one call of a Python action takes (an HTTP request, a page load)."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def write_random(path, size, seed):
    """A file of `size` pseudo-random bytes (reproducible from the seed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    with open(path, "wb") as f:
        left = size
        while left > 0:
            n = min(left, 1 << 22)
            f.write(rng.randbytes(n))
            left -= n


def isolated_env(bin_dir, home):
    """The environment every benchmark runs in: its own HOME, no system config, git-ml first on PATH."""
    env = dict(os.environ)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_ML_SKIP_SMUDGE", "GIT_TRACE"):
        env.pop(name, None)
    env.update(HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0", LC_ALL="C",
               PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return env


def format_seconds(seconds):
    return "" if seconds is None else (f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s")


def configure_git(work, env, git_ml):
    """Identity and defaults for the benchmark's HOME, and git-ml installed there (hooks come per repository)."""
    for key, value in (("user.name", "bench"), ("user.email", "bench@example.com"), ("init.defaultBranch", "main")):
        run(["git", "config", "--global", key, value], work, env)
    run([git_ml, "install", "--global", "--skip-hooks"], work, env)


def isolated_git_ml(bin_dir, work):
    """(environment, path of git-ml) for a benchmark working in `work`: its own HOME there, with git configured
    and git-ml installed (configure_git)."""
    home = work / "home"
    home.mkdir()
    env = isolated_env(pathlib.Path(bin_dir).resolve(), home)
    git_ml = str(pathlib.Path(bin_dir).resolve() / "git-ml")
    configure_git(work, env, git_ml)
    return env, git_ml


def publish_results(title, git_ml, env, runs, table, file_name):
    """Prints the result table under a header (git-ml's version, the machine, the time) and saves it as
    bench/results/FILE_NAME (not committed: results belong to the machine that ran them)."""
    version = run([git_ml, "version"], pathlib.Path.cwd(), env).stdout.decode().strip()
    header = (f"# {title}\n\n{version}; {os.cpu_count()} cores; "
              f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; median of {runs} runs\n\n")
    results = pathlib.Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / file_name).write_text(header + table + "\n")
    print(header + table)
