#!/usr/bin/env bash
# `npm test`: type-check, then every suite — Jest (API + workers, browser e2e) and the Angular unit tests —
# and a closing line "N passed, N failed" totalling all of them.
set -u
cd "$(dirname "$0")/.."
export NG_CLI_ANALYTICS=false
mkdir -p test-results
rm -f test-results/jest-api.json test-results/jest-e2e.json test-results/web.json
status=0

echo "== type-check (tsc) =="
npx --no-install tsc --noEmit -p tsconfig.json || { echo 'type-check FAILED'; status=1; }

# --forceExit: once every test has reported, a socket a test left open (seen once: an app server's
# half-closed keep-alive connection) must not keep CI waiting until its time runs out.
echo "== Jest: api (two workers) =="
# The API files wait on PostgreSQL, Redis and child processes (OCR, LibreOffice, pdfsig) more than they compute, and
# each has a database of its own: two at a time take 6.7 min where one at a time took 12.4 (2 cores, 2026-12-06).
node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects api --maxWorkers=2 --json --outputFile=test-results/jest-api.json --forceExit || { echo "Jest (api) exited with status $?"; status=1; }
echo "== Jest: e2e (one browser at a time) =="
node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects e2e --runInBand --json --outputFile=test-results/jest-e2e.json --forceExit || { echo "Jest (e2e) exited with status $?"; status=1; }

echo "== Angular unit tests (vitest) =="
npx --no-install ng test --watch=false || { echo "ng test exited with status $?"; status=1; }

node scripts/test-summary.js test-results/jest-api.json test-results/jest-e2e.json test-results/web.json || status=1
exit $status
