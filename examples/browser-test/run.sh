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
# The reference server scores the 38 valid sample leads in milliseconds, before a freshly opened page
# has connected and subscribed; 20 copies of the sample's rows (760 leads, about a second of work)
# leave time to see the live updates. Override with LEADJOBS_CSV_REPEAT=1 for the plain sample.
export LEADJOBS_CSV_REPEAT="${LEADJOBS_CSV_REPEAT:-20}"
LEADJOBS_URL="$1" LEADJOBS_TOKEN="$2" exec node run.mjs
