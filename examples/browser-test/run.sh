#!/usr/bin/env bash
# Runs the browser test against a running leadjobs server whose / serves the React dashboard and
# /vue/ the Vue page:   examples/browser-test/run.sh http://localhost:3000 <token>
set -euo pipefail
if [ "$#" -ne 2 ]; then
  echo "usage: $0 <server-url> <token>" >&2
  exit 2
fi
cd "$(dirname "$0")"
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi
LEADJOBS_URL="$1" LEADJOBS_TOKEN="$2" exec node run.mjs
