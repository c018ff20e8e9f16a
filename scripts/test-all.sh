#!/usr/bin/env bash
# `npm test`: type-check, then every suite — Jest (API + workers, browser e2e) and the Angular unit tests —
# and a closing line "N passed, N failed" totalling all of them.
set -u
cd "$(dirname "$0")/.."
export NG_CLI_ANALYTICS=false
mkdir -p test-results
rm -f test-results/jest.json test-results/web.json
status=0

echo "== type-check (tsc) =="
npx --no-install tsc --noEmit -p tsconfig.json || { echo 'type-check FAILED'; status=1; }

echo "== Jest: api + e2e =="
# --forceExit: once every test has reported, a socket a test left open (seen once: an app server's
# half-closed keep-alive connection) must not keep CI waiting until its time runs out.
node --experimental-vm-modules node_modules/jest/bin/jest.js --json --outputFile=test-results/jest.json --forceExit || { echo "Jest exited with status $?"; status=1; }

echo "== Angular unit tests (vitest) =="
npx --no-install ng test --watch=false || { echo "ng test exited with status $?"; status=1; }

node scripts/test-summary.js test-results/jest.json test-results/web.json || status=1
exit $status
