#!/usr/bin/env bash
# Runs every test of git-ml and ends with one line: "N passed, N failed".
#
#   tests/run.sh            all tests: unit tests, then integration tests with the published git-ml on PATH
#   tests/run.sh --unit     unit tests only (fast; no publish)
#
# The integration tests drive the real git binary with git-ml built as install.sh builds it (install/publish.sh),
# published here once into artifacts/test-bin, in throwaway repositories with their own HOME.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

unit_only=false
[ "${1:-}" = "--unit" ] && unit_only=true

status=0
run_tests() {
  local project=$1
  echo "== $project"
  dotnet test "tests/$project" -c Release --nologo --logger "trx;LogFileName=$project.trx" --results-directory "$results" || status=1
}

dotnet build GitMl.sln -c Release --nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
run_tests GitMl.Protocol.Tests
run_tests GitMl.Core.Tests
run_tests GitMl.Storage.Tests
run_tests GitMl.Server.Tests
run_tests GitMl.Cli.Tests
if ! $unit_only; then
  echo "== publishing git-ml for the integration tests (install/publish.sh)"
  if install/publish.sh "$root/artifacts/test-bin"; then
    GIT_ML_TEST_BIN="$root/artifacts/test-bin" run_tests GitMl.Integration.Tests
  else
    status=1
  fi
fi

summary=$(python3 "$root/tests/trx-summary.py" "$results" 2>/dev/null || echo "0 passed, 1 failed")
# A build failure or a crashed test host leaves no failed test in any TRX file: count it as one.
if [ $status -ne 0 ] && [ "${summary##*, }" = "0 failed" ]; then
  summary="${summary%%,*}, 1 failed"
fi
echo "$summary"
[ "${summary##*, }" = "0 failed" ] && [ $status -eq 0 ]
