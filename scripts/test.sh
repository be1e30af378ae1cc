#!/usr/bin/env bash
# `npm test`: installs the local services if needed (scripts/setup.sh), checks the architecture
# rules and types, then runs every unit, integration and end-to-end suite once on real services.
# Ends with the line `N passed, N failed` (lint and type check count as one check each).
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || { echo "setup failed: see the message above for what to install"; echo "0 passed, 1 failed"; exit 1; }

extra_passed=0
extra_failed=0
run_check() {
  local name=$1
  shift
  echo "== $name: $*"
  if "$@"; then extra_passed=$((extra_passed + 1)); else echo "== $name FAILED"; extra_failed=$((extra_failed + 1)); fi
}
run_check lint npm run --silent lint
run_check typecheck npx tsc -p tsconfig.json --noEmit

report=$(mktemp -t sluice-vitest-XXXXXX.json)
trap 'rm -f "$report"' EXIT
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
vitest_status=$?

node -e '
  const fs = require("node:fs");
  const [file, extraPassed, extraFailed, status] = process.argv.slice(1);
  let passed = 0, failed = 0;
  try {
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed = r.numPassedTests; failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
    // A suite that failed to load counts as a failure even when it declared no test.
    failed += r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
  } catch { failed += 1; }
  if (Number(status) !== 0 && failed === 0) failed = 1;
  console.log(`${passed + Number(extraPassed)} passed, ${failed + Number(extraFailed)} failed`);
  process.exit(failed + Number(extraFailed) > 0 ? 1 : 0);
' "$report" "$extra_passed" "$extra_failed" "$vitest_status"
