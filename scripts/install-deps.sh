#!/usr/bin/env bash
# Installs the exact dependency tree of package-lock.json: `npm ci`, or — when the registry
# mirror lacks some other-platform optional builds (npm then leaves them out of the lock and
# `npm ci` refuses it as "out of sync") — `npm install --no-save` from the same lock.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -t sluice-npm-XXXXXX.log)
trap 'rm -f "$log"' EXIT
if npm ci --no-audit --no-fund >"$log" 2>&1; then
  exit 0
fi
if grep -q "Missing: .* from lock file" "$log" && ! grep -q "Invalid: lock file" "$log"; then
  echo "npm ci: the lock file lacks optional builds for other platforms that this registry does not serve;"
  echo "installing the same locked versions with npm install --no-save instead."
  if npm install --no-audit --no-fund --no-save >"$log" 2>&1; then exit 0; fi
fi
tail -40 "$log"
echo "installing dependencies failed (see above)"
exit 1
