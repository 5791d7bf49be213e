#!/usr/bin/env bash
# Installs git-ml from this source tree.
#
#   install/install.sh [--prefix DIR] [--ready-to-run] [--no-git-config]
#
# Builds git-ml (NativeAOT, or ReadyToRun with --ready-to-run or where no native toolchain exists: see
# install/publish.sh) into DIR/lib/git-ml (default DIR: ~/.local), links DIR/bin/git-ml to it, writes the man page
# DIR/share/man/man1/git-ml.1 (what `git ml --help` shows), and runs
# `git ml install --global` so every repository of this user can use git-ml. Running it again upgrades in place:
# the new build is published next to the old one and swapped in only once it is complete.
set -euo pipefail

prefix="${PREFIX:-$HOME/.local}"
configure_git=true
build_mode=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#*=}"; shift ;;
    --no-git-config) configure_git=false; shift ;;
    --ready-to-run) build_mode=--ready-to-run; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

source_dir=$(cd "$(dirname "$0")/.." && pwd)
command -v dotnet >/dev/null || { echo "install.sh: the .NET SDK 10 is needed to build git-ml (https://dot.net); 'dotnet' is not on PATH" >&2; exit 2; }
command -v git >/dev/null || { echo "install.sh: git is needed; install it first (apt-get install git)" >&2; exit 2; }
# The web UI's JS is bundled at build time (ui/, no network at run time); a fresh clone needs npm for that once.
if [ ! -d "$source_dir/ui/node_modules" ] && ! command -v npm >/dev/null; then
  echo "install.sh: node and npm are needed once to bundle git-ml's web UI (apt-get install nodejs npm); 'npm' is not on PATH" >&2
  exit 2
fi

mkdir -p "$prefix/bin" "$prefix/lib"
prefix=$(cd "$prefix" && pwd)
target="$prefix/lib/git-ml"
staging="$prefix/lib/.git-ml.new.$$"
trap 'rm -rf "$staging"' EXIT

echo "Building git-ml ..."
"$source_dir/install/publish.sh" "$staging" $build_mode

# Swap the new build in: a running git keeps the files it has open, new commands get the new build.
if [ -d "$target" ]; then
  mv "$target" "$target.old.$$"
  mv "$staging" "$target"
  rm -rf "$target.old.$$"
else
  mv "$staging" "$target"
fi
ln -sfn "$target/git-ml" "$prefix/bin/git-ml"
"$source_dir/install/man-page.sh" "$prefix"
echo "Installed $("$prefix/bin/git-ml" version) at $prefix/bin/git-ml (man page: git ml --help)"

if $configure_git; then
  "$prefix/bin/git-ml" install --global --skip-hooks
fi

case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo
     echo "Note: $prefix/bin is not on your PATH, and git runs git-ml from there. Add it, e.g.:"
     echo "  echo 'export PATH=\"$prefix/bin:\$PATH\"' >> ~/.bashrc && export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
