#!/usr/bin/env bash
# git-ml quickstart: the main job end to end on a throwaway repository, with a local-directory data remote.
#
#   examples/quickstart.sh [DIR]
#
# In DIR (default: a new temporary folder) it creates a project with `git ml init`, a bare Git repository to push
# commits to and a plain directory as the data remote; commits a generated dataset and model as small pointers;
# shows the pre-commit hook stopping an untracked large file; pushes (the data goes first, through the pre-push
# hook); clones from the bare repository and checks that the clone gets exactly the same bytes back. Needs git-ml
# installed (install/install.sh). Prints "quickstart: OK" at the end.
set -euo pipefail

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

command -v git-ml >/dev/null || { echo "git-ml is not on PATH: run install/install.sh first" >&2; exit 2; }
[ -n "$(git config --global filter.ml.process || true)" ] || { echo "git-ml is not installed in your git config: run 'git ml install'" >&2; exit 2; }

root=${1:-$(mktemp -d "${TMPDIR:-/tmp}/git-ml-quickstart.XXXXXX")}
mkdir -p "$root"
root=$(cd "$root" && pwd)
export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-"git-ml quickstart"} GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-quickstart@example.com}
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL

step "A new ML project, a Git server (a bare repository) and a data remote (a plain directory)"
run git init -q --bare -b main "$root/server.git"
run git init -q -b main "$root/project"
cd "$root/project"
run git remote add origin "$root/server.git"
run git ml init
run git ml remote add -d storage "$root/storage"

step "Data and a model: a CSV of 160,000 rows and a 32 MB model file"
mkdir -p data models src
python3 - <<'PY' 2>/dev/null || awk 'BEGIN { srand(1); print "id,feature,label"; for (i = 0; i < 160000; i++) printf "%d,%.6f,%d\n", i, rand(), int(rand() * 2) }' > data/train.csv
import random
random.seed(1)
with open("data/train.csv", "w") as f:
    f.write("id,feature,label\n")
    for i in range(160000):
        f.write(f"{i},{random.random():.6f},{random.randint(0, 1)}\n")
PY
head -c $((32 * 1024 * 1024)) /dev/urandom > models/model.pt
echo 'print("training...")' > src/train.py

step "Plain git add: the model (*.pt) is tracked by git-ml already; the CSV is over 1 MiB and not tracked, so pre-commit stops it"
run git add .
if git commit -q -m "Add data, model and code"; then
  echo "expected pre-commit to block data/train.csv" >&2; exit 1
fi

step "Track the dataset with git-ml and commit"
run git ml add data/train.csv
run git commit -q -m "Add data, model and code"
run git ml ls-files --long
echo "What Git stores for models/model.pt:"
git cat-file -p HEAD:models/model.pt | sed 's/^/    /'

step "git push: the pre-push hook uploads the data to the data remote before Git sends the commits"
run git push -q origin main
run git ml status

step "Clone from the server: checkout fetches the content from the data remote, verified"
cd "$root"
run git clone -q "$root/server.git" "$root/clone"
for f in data/train.csv models/model.pt; do
  a=$(sha256sum "$root/project/$f" | cut -d' ' -f1)
  b=$(sha256sum "$root/clone/$f" | cut -d' ' -f1)
  [ "$a" = "$b" ] || { echo "$f differs in the clone" >&2; exit 1; }
  echo "    $f  sha256 $a  identical in the clone"
done
[ -z "$(git -C "$root/clone" status --porcelain)" ] || { echo "clone is not clean" >&2; exit 1; }

step "An experiment run, recorded as a Git note on the commit it ran from"
cd "$root/project"
run git ml run --name baseline -- sh -c 'git ml log param lr 0.01; git ml log metric accuracy 0.93; git ml log artifact models/model.pt'
run git ml runs list
run_id=$(git ml runs list --json | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')

step "Register the run's model, promote it to Production, share runs and registry with git ml push"
run git ml model register churn --run "$run_id" -m "baseline"
run git ml model promote churn 1 --stage Production -m "first release"
run git ml push
run git ml lineage models:/churn/Production

step "In the clone: fetch runs and registry, and get the Production model's bytes, verified"
cd "$root/clone"
run git ml fetch
run git ml model get models:/churn/Production -o "$root/serving.pt"
[ "$(sha256sum "$root/serving.pt" | cut -d' ' -f1)" = "$(sha256sum "$root/project/models/model.pt" | cut -d' ' -f1)" ] \
  || { echo "the Production model differs from the registered bytes" >&2; exit 1; }
echo "    models:/churn/Production  identical to the registered models/model.pt"

echo
echo "quickstart: OK ($root)"
