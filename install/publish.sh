#!/usr/bin/env bash
# Publishes the git-ml executable into a folder; install.sh, tests/run.sh and bench/run.sh all build through here.
#
#   install/publish.sh OUTPUT_DIR [--ready-to-run]
#
# By default git-ml is compiled ahead of time (NativeAOT: native executables, about 15 ms to start): git-ml, and
# git-ml-server beside it for `git ml serve` and `git ml ui`. When the native toolchain is missing, or with
# --ready-to-run, it publishes a self-contained ReadyToRun build instead (same behaviour, about 60 ms to start). See src/GitMl.Cli/GitMl.Cli.csproj for why.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: install/publish.sh OUTPUT_DIR [--ready-to-run]" >&2; exit 2; }
output=$1
mode=${2:-aot}
source_dir=$(cd "$(dirname "$0")/.." && pwd)

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;;
  Linux-aarch64) rid=linux-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;;
  Darwin-arm64) rid=osx-arm64 ;;
  *) echo "publish.sh: unsupported platform $(uname -s) $(uname -m)" >&2; exit 2 ;;
esac

ready_to_run() {
  dotnet publish "$source_dir/src/GitMl.Cli" -c Release -r "$rid" -p:PublishAot=false --self-contained \
    -p:PublishReadyToRun=true -o "$output" --nologo -v q
}

# Two NativeAOT programs from one project: git-ml without the MLflow server and web UI, which git starts for every
# hook and filter session, and git-ml-server beside it with them, which `git ml serve` and `git ml ui` hand over to
# (src/GitMl.Cli/ServerExecutable.cs says why). One after the other: they share the project's intermediate folder.
native_aot() {
  local server_build
  dotnet publish "$source_dir/src/GitMl.Cli" -c Release -r "$rid" -o "$output" --nologo -v q \
    -p:GitMlServerInProcess=false || return 1
  server_build=$(mktemp -d) || return 1
  dotnet publish "$source_dir/src/GitMl.Cli" -c Release -r "$rid" -o "$server_build" --nologo -v q \
    -p:GitMlServerInProcess=true &&
    mv "$server_build/git-ml" "$output/git-ml-server"
  local status=$?
  rm -rf "$server_build"
  return $status
}

rm -rf "$output"
if [ "$mode" = "--ready-to-run" ]; then
  ready_to_run
elif ! log=$(native_aot 2>&1); then
  echo "$log" | tail -n 20 >&2
  echo "publish.sh: the NativeAOT build failed (see above; it needs clang or gcc and zlib); building ReadyToRun instead." >&2
  rm -rf "$output"
  ready_to_run
fi
rm -f "$output"/*.dbg "$output"/*.pdb
"$output/git-ml" version >/dev/null
