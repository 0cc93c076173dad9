#!/usr/bin/env bash
# Installs the Node examples from their lockfiles (npm ci), runs their tests and builds the two
# dashboards (react-dashboard/dist, vue-dashboard/dist). Needs Node >= 20.19 and npm; not Maven.
#   examples/run-node-tests.sh
set -euo pipefail
cd "$(dirname "$0")"

node -e '
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`run-node-tests: Node ${process.versions.node} is too old; Vite needs 20.19 or newer`);
  process.exit(1);
}'

step() { printf '\n== %s\n' "$*"; }

for dir in node-cli react-dashboard vue-dashboard browser-test load-tool; do
  step "npm ci in examples/$dir"
  (cd "$dir" && npm ci --no-audit --no-fund)
done

step "node-cli: tests"
(cd node-cli && npm test)

step "react-dashboard: tests and build"
(cd react-dashboard && npm test && npm run build)

step "vue-dashboard: build"
(cd vue-dashboard && npm run build)

step "browser-test: syntax check and its README's example run against run.mjs (run it with browser-test/run.sh <server-url> <token>)"
(cd browser-test && node --check run.mjs && node --test test/)

step "load-tool: the Node socket.io server of --compare-node stamps each log entry with the time it was due"
(cd load-tool && node --test test/)

step "Node examples: all tests passed, dashboards built in react-dashboard/dist and vue-dashboard/dist"
