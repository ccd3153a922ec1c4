#!/usr/bin/env bash
# Runs every test project and ends with one line: "tests: N passed, N failed, N skipped".
# Failing tests are printed with their messages; each project's summary line is printed too.
set -uo pipefail
cd "$(dirname "$0")/.."
logs=$(mktemp -d)
dotnet build EdgeCtl.sln --nologo -v q -clp:ErrorsOnly -m:2 || { echo "tests: 0 passed, 1 failed (build failed)"; exit 1; }
status=0
for proj in tests/*.Tests/*.csproj; do
  name=$(basename "$proj" .csproj)
  echo "== $name"
  dotnet test "$proj" --no-build --nologo --logger "console;verbosity=normal" >"$logs/$name.log" 2>&1
  rc=$?
  grep -E -A15 "^\s*Failed [A-Za-z]" "$logs/$name.log" | grep -vE "^\s*at (System|Xunit|Microsoft)\." || true
  grep -E "Passed!|Failed!" "$logs/$name.log" | tail -1
  if [ $rc -ne 0 ]; then
    status=1
    grep -qE "Passed!|Failed!" "$logs/$name.log" || tail -30 "$logs/$name.log"   # crashed before a summary
  fi
done
passed=$(cat "$logs"/*.log | grep -Eo "Passed: +[0-9]+" | awk '{s+=$2} END {print s+0}')
failed=$(cat "$logs"/*.log | grep -Eo "Failed: +[0-9]+" | awk '{s+=$2} END {print s+0}')
skipped=$(cat "$logs"/*.log | grep -Eo "Skipped: +[0-9]+" | awk '{s+=$2} END {print s+0}')
rm -rf "$logs"
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
