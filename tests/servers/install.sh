#!/usr/bin/env bash
# Installs the storage servers the storage tests run on loopback (s3rver, Azurite) into tests/servers/node_modules,
# exactly as pinned by package-lock.json. Idempotent: does nothing when node_modules already matches the lock file.
# The test fixtures run this by themselves when node_modules is missing, so `dotnet test` works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "tests/servers/install.sh: node and npm are needed to install the test storage servers (s3rver, Azurite)." >&2
  echo "  On Debian: apt-get install -y nodejs npm" >&2
  exit 1
fi

# npm writes node_modules/.package-lock.json when an install completes; when it equals the lock we are done.
stamp=node_modules/.package-lock.json
if [ -f "$stamp" ] && [ -x node_modules/.bin/s3rver ] && [ -x node_modules/.bin/azurite-blob ] \
   && [ "$stamp" -nt package-lock.json ]; then
  exit 0
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
  cat "$log" >&2
  echo "tests/servers/install.sh: npm ci failed (output above)." >&2
  exit 1
fi
