#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need (PostgreSQL for the
# repository tests, which start their own throw-away cluster), builds, and runs every test project.
# Usage: bash scripts/test.sh [extra dotnet test arguments, e.g. --filter Category!=Crash]
set -euo pipefail
cd "$(dirname "$0")/.."

# Formatting and code style (.editorconfig) first: whitespace, then the IDE style and naming rules.
# The analyzers (CA rules) are not re-run here: the build enforces them (warnings are errors).
echo "Checking formatting (dotnet format whitespace + style)..."
format_start=$SECONDS
if ! dotnet format whitespace Batch.sln --verify-no-changes \
  || ! dotnet format style Batch.sln --verify-no-changes; then
  echo "error: the code is not formatted as .editorconfig says (see the lines above); run 'dotnet format Batch.sln' and commit the result" >&2
  exit 1
fi
echo "Formatting OK ($((SECONDS - format_start)) s)."

source scripts/ensure-postgres.sh
source scripts/ensure-sshd.sh
source scripts/ensure-chromium.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Batch.sln -c Release "$@" 2>&1 | tee "$log" || status=$?

# One closing line that any CI reads: "tests: N passed, N failed, N skipped".
count() { grep -oE "$1: +[0-9]+," "$log" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "${passed:-0}" = "0" ] && [ "$status" = "0" ]; then
  echo "error: no test ran" >&2
  exit 1
fi
exit "$status"
