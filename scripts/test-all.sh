#!/usr/bin/env bash
# `npm test`: unit tests (vitest run), then the browser tests (vitest.e2e.config.ts: builds the
# site, serves dist/, drives Chromium), each with the default reporter on screen and a JSON report
# on the side. The e2e run happens even if unit tests fail. The LAST line printed is always
#   N passed, N failed[, N skipped]
# counted over both runs; the exit status is non-zero if anything failed or a run crashed.
set -uo pipefail

cd "$(dirname "$0")/.."
tmp="$(mktemp -d "${TMPDIR:-/tmp}/asc-tests.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

vitest="node_modules/.bin/vitest"
if [ ! -x "$vitest" ]; then
  echo "vitest is not installed (run npm ci first)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

echo "── unit tests (vitest run) ──"
"$vitest" run --passWithNoTests --reporter=default --reporter=json --outputFile.json="$tmp/unit.json"
unit_status=$?

echo
echo "── browser tests (vitest run --config vitest.e2e.config.ts) ──"
"$vitest" run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json="$tmp/e2e.json"
e2e_status=$?

echo
node - "$tmp" "$unit_status" "$e2e_status" <<'EOF'
const fs = require("node:fs");
const path = require("node:path");
const [dir, unitStatus, e2eStatus] = process.argv.slice(2);
const runs = [
  {name: "unit", file: path.join(dir, "unit.json"), status: Number(unitStatus)},
  {name: "e2e", file: path.join(dir, "e2e.json"), status: Number(e2eStatus)}
];
let passed = 0, failed = 0, skipped = 0;
const notes = [];
for (const run of runs) {
  let report;
  try {
    report = JSON.parse(fs.readFileSync(run.file, "utf-8"));
  } catch {
    report = undefined;
  }
  if (!report || typeof report.numPassedTests !== "number") {
    failed += 1;
    notes.push(`${run.name}: vitest crashed or wrote no JSON report (exit ${run.status}); counted as 1 failed`);
    continue;
  }
  let runFailed = report.numFailedTests ?? 0;
  passed += report.numPassedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A test file that fails outside any test (import error, failing beforeAll) has no failed test
  // of its own: count each such file as one failure.
  for (const file of report.testResults ?? []) {
    const failedInside = (file.assertionResults ?? []).some((a) => a.status === "failed");
    if (file.status === "failed" && !failedInside) {
      runFailed += 1;
      notes.push(`${run.name}: ${path.relative(process.cwd(), file.name)} failed outside its tests${file.message ? `: ${String(file.message).split("\n")[0]}` : ""}; counted as 1 failed`);
    }
  }
  if (run.status !== 0 && runFailed === 0) {
    runFailed = 1;
    notes.push(`${run.name}: vitest exited ${run.status} with no failed test (unhandled error or setup failure); counted as 1 failed`);
  }
  failed += runFailed;
}
for (const note of notes) console.log(`note: ${note}`);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exitCode = failed > 0 ? 1 : 0;
EOF
