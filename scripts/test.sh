#!/usr/bin/env bash
# The whole test suite: lint and types, unit + integration tests on SQLite and PostgreSQL,
# then the web build (with its JavaScript budget) and the end-to-end tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
echo "== lint and types"
npx biome check .
npx tsc --noEmit -p tsconfig.json
echo "== unit and integration tests (SQLite and PostgreSQL)"
npx vitest run
if [ -f web/vite.config.ts ]; then
  echo "== web build (type-check, bundle, JavaScript budget)"
  npm run build
  if [ -f e2e/run.ts ]; then
    echo "== end-to-end tests (Chromium)"
    node bin/run-ts.mjs e2e/run.ts
  fi
fi
