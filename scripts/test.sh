#!/usr/bin/env bash
# Runs every test project and ends with one line: "tests: N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
dotnet build EdgeCtl.sln --nologo -v q -clp:ErrorsOnly -m:2 || { echo "tests: 0 passed, 1 failed (build failed)"; exit 1; }
status=0
for proj in tests/*.Tests/*.csproj; do
  echo "== $proj"
  dotnet test "$proj" --no-build --nologo -v q --logger "console;verbosity=normal" 2>&1 | tee -a "$log" \
    | grep -E -A12 "^\s*Failed [A-Za-z]" | grep -vE "^\s*at (System|Xunit|Microsoft)\." || true
  grep -E "Passed!|Failed!" "$log" | tail -1
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
passed=$(grep -Eo "Passed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo "Failed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo "Skipped: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
