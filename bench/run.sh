#!/usr/bin/env bash
# git-ml benchmarks, side by side with git-lfs, git-annex and the machine's own limits, in one run.
#
#   bench/run.sh [--quick]          (--quick: 256 MiB instead of 1 GiB, 1,000 files instead of 5,000)
#
# Needs git-lfs and git-annex (installed with apt-get when missing) and a git-ml build: the one on PATH, or else it
# publishes one into artifacts/bench-bin (install/publish.sh). Runs bench.py (git-ml beside git-lfs and the floors),
# checkout.py (a large file's checkout and switch beside git-lfs, git-annex and cp) and peers.py (git-ml beside
# git-lfs and git-annex: small files, transfers); writes bench/results/latest.md, checkout-latest.md and
# peers-latest.md and prints the tables.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if ! command -v git-lfs >/dev/null || ! command -v git-annex >/dev/null; then
  echo "installing git-lfs and git-annex (apt-get) ..."
  apt-get update -qq && apt-get install -y -qq git-lfs git-annex >/dev/null
fi
if command -v git-ml >/dev/null && [ -z "${GIT_ML_BENCH_BIN:-}" ]; then
  bin=$(dirname "$(readlink -f "$(command -v git-ml)")")
else
  bin=${GIT_ML_BENCH_BIN:-$root/artifacts/bench-bin}
  if [ ! -x "$bin/git-ml" ]; then
    echo "publishing git-ml into $bin ..."
    install/publish.sh "$bin"
  fi
fi
python3 bench/bench.py --git-ml-bin "$bin" "$@"
quick=()
[ "${1:-}" = "--quick" ] && quick=(--quick)
python3 bench/checkout.py --git-ml-bin "$bin" $([ ${#quick[@]} -gt 0 ] && echo --size-mib 256)
python3 bench/peers.py --git-ml-bin "$bin" ${quick[@]+"${quick[@]}"}
