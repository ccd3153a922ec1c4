#!/usr/bin/env bash
# Installs the plotting library that `edgectl simulate --report` vendors into its self-contained HTML page
# (uPlot, exact version pinned in report/package.json and report/package-lock.json). Idempotent: does nothing
# when the locked version is already installed.
set -euo pipefail
cd "$(dirname "$0")/../report"
want=$(node -p "require('./package-lock.json').packages['node_modules/uplot'].version")
have=$(node -p "try { require('./node_modules/uplot/package.json').version } catch { '' }")
if [[ "$have" == "$want" && -f node_modules/uplot/dist/uPlot.iife.min.js ]]; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
