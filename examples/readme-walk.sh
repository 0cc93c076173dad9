#!/usr/bin/env bash
# Runs the main README's five-minute walk exactly as written: the bash blocks between <!-- walk:begin --> and
# <!-- walk:end -->, in order, in one shell at the repository root (after the build: the server jar must exist).
# Fails unless the watcher saw the job complete and the scored CSV holds the leads. Needs port 3000 free.
#   examples/readme-walk.sh
set -euo pipefail
cd "$(dirname "$0")/.."

walk=$(awk '/<!-- walk:begin -->/ { on = 1; next } /<!-- walk:end -->/ { on = 0 } on' README.md \
  | awk '/^```bash$/ { code = 1; next } /^```$/ { code = 0; next } code')
if [ -z "$walk" ]; then
  echo "readme-walk: README.md has no bash blocks between <!-- walk:begin --> and <!-- walk:end -->" >&2
  exit 1
fi
if curl -s -o /dev/null http://localhost:3000/; then
  echo "readme-walk: something already answers on port 3000; the walk needs it" >&2
  exit 1
fi

out=$(mktemp)
cleanup() {
  # the walk stops its server itself; this is for a walk that failed half-way
  [ -n "${group:-}" ] && kill -- "-$group" 2>/dev/null || true
  rm -f leads.csv scored.csv server.log "$out"
}
trap cleanup EXIT

echo "== the walk, as README.md writes it"
printf '%s\n' "$walk"
echo "== running it"
set +e
setsid bash -euo pipefail -c "$walk" > >(tee "$out") 2>&1 &
group=$!
timeout_s=${WALK_TIMEOUT_S:-600}
for _ in $(seq 1 "$timeout_s"); do
  kill -0 "$group" 2>/dev/null || break
  sleep 1
done
if kill -0 "$group" 2>/dev/null; then
  echo "readme-walk: the walk did not finish within ${timeout_s} s" >&2
  [ -f server.log ] && { echo "--- server.log"; tail -50 server.log; }
  exit 1
fi
wait "$group"
code=$?
set -e
sleep 1 # let tee flush

problems=()
[ "$code" -eq 0 ] || problems+=("the walk exited with $code")
grep -q '^job completed: ' "$out" || problems+=("the watcher did not print 'job completed: ...'")
grep -q '^progress ' "$out" || problems+=("the watcher printed no progress line")
leads=$(($(wc -l < leads.csv 2>/dev/null || echo 1) - 1))
scored=$(($(wc -l < scored.csv 2>/dev/null || echo 1) - 1))
[ "$leads" -eq 3000 ] || problems+=("leads.csv has $leads data rows, not 3000")
[ "$scored" -ge 2900 ] || problems+=("scored.csv has $scored rows for 3000 leads")
if curl -s -o /dev/null http://localhost:3000/; then problems+=("the server still answers after 'kill \$SERVER_PID'"); fi

if [ "${#problems[@]}" -gt 0 ]; then
  printf 'readme-walk: %s\n' "${problems[@]}" >&2
  [ -f server.log ] && { echo "--- server.log"; tail -50 server.log; }
  exit 1
fi
echo "readme-walk: passed (the watcher saw the job complete; $scored scored rows)"
