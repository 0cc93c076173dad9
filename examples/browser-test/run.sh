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
# Each page's job waits behind filler jobs until the page has subscribed (see holdWorkers in run.mjs), so
# its live updates are seen however fast the server is; 20 copies of the sample's rows (760 leads) give a
# longer stream of them. Override with LEADJOBS_CSV_REPEAT=1 for the plain sample.
export LEADJOBS_CSV_REPEAT="${LEADJOBS_CSV_REPEAT:-20}"
LEADJOBS_URL="$1" LEADJOBS_TOKEN="$2" exec node run.mjs
