#!/usr/bin/env bash
# Heap held by each idle, subscribed WebSocket connection on the packaged reference server, and what it cost the
# server to subscribe them all at once.
#
#   examples/load-tool/idle-heap.sh [CLIENTS] [SERVER_JAR] [LEADS]        (from the repository's root)
#
# Starts the server jar (default leadjobs-reference-server/target/leadjobs-reference-server.jar) as the load
# tool's `jobs` mode does, submits a job of LEADS leads (default 1; with more, the server publishes every batch,
# LEADJOBS_UPDATE_INTERVAL=0, so that the finished job's job-status carries its 50 most recent log entries) and
# waits for its end, takes a class histogram (`jcmd GC.class_histogram`, which runs a full GC first), opens
# CLIENTS (default 2000) stock socket.io-client WebSocket connections with this folder's clients.mjs, subscribes
# every one of them to the job at once, waits until all are acknowledged, takes a second histogram, and prints
# the difference divided by CLIENTS: in all and for the classes holding the most. Before that it prints how long
# the subscriptions took to be acknowledged and the server's CPU time meanwhile (from /proc, Linux): in all and on
# its subscription threads (leadjobs-jobevents-N).
# Needs Java 17 (a JDK, for jcmd), Node 20+ with npm, curl; every connection is a file descriptor in the server and
# in the Node process (ulimit -n).
set -euo pipefail

clients=${1:-2000}
jar=${2:-leadjobs-reference-server/target/leadjobs-reference-server.jar}
leads=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
case $clients in '' | *[!0-9]* | 0) echo "CLIENTS must be a positive whole number, was '$clients'" >&2; exit 2 ;; esac
case $leads in '' | *[!0-9]* | 0) echo "LEADS must be a positive whole number, was '$leads'" >&2; exit 2 ;; esac
interval=()
[ "$leads" -gt 1 ] && interval=(LEADJOBS_UPDATE_INTERVAL=0)
[ -f "$jar" ] || { echo "No server jar at $jar: mvn -B -q -DskipTests package -pl leadjobs-reference-server -am" >&2; exit 2; }
for tool in java jcmd node npm curl; do
  command -v $tool > /dev/null || { echo "$tool is not on the PATH" >&2; exit 2; }
done
[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund > /dev/null)

work=$(mktemp -d "${TMPDIR:-/tmp}/leadjobs-idle-heap-XXXXXX")
secret=$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))")
server=
cleanup() {
  set +e
  exec 3>&-
  if [ -n "$server" ]; then
    kill "$server" 2> /dev/null
    wait "$server" 2> /dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

env -u LEADJOBS_DATA_DIR LEADJOBS_JWT_SECRET="$secret" PORT=0 HOST=127.0.0.1 LEADJOBS_CONNECT_RATE=0 \
    LEADJOBS_SUBMIT_RATE=0 LEADJOBS_DATA_DIR="$work/data" LEADJOBS_DNS_SERVER=127.0.0.1:53 "${interval[@]}" \
    java -jar "$jar" > "$work/server.log" 2>&1 &
server=$!
port=
for _ in $(seq 1 240); do
  port=$(grep -so 'listening on http://127.0.0.1:[0-9]*' "$work/server.log" | head -n 1 | sed 's/.*://') || true
  [ -n "$port" ] && break
  kill -0 "$server" 2> /dev/null || { echo "The server stopped:" >&2; tail -n 20 "$work/server.log" >&2; exit 1; }
  sleep 0.25
done
[ -n "$port" ] || { echo "The server did not start within 60 s:" >&2; tail -n 20 "$work/server.log" >&2; exit 1; }

token=$(SECRET=$secret node --input-type=module -e "
  import { createHmac } from 'node:crypto';
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = part({ alg: 'HS256', typ: 'JWT' }) + '.' + part({ sub: 'idle-heap', iat: now, exp: now + 7200 });
  console.log(unsigned + '.' + createHmac('sha256', process.env.SECRET).update(unsigned).digest('base64url'));")
{
  echo 'email,company'
  echo 'ada@example.com,Example Ltd'
  for i in $(seq 2 "$leads"); do echo "lead$i@company$((i % 37)).example,Company $((i % 37)) Ltd"; done
} > "$work/lead.csv"
answer=$(curl -sS -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' --data-binary "@$work/lead.csv" \
  "http://127.0.0.1:$port/api/jobs?name=idle-heap")
job=$(printf '%s' "$answer" | grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' | head -n 1) || true
[ -n "$job" ] || { echo "POST /api/jobs answered: $answer" >&2; exit 1; }
for _ in $(seq 1 1200); do
  curl -sS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/jobs/$job" > "$work/job.json"
  grep -qE '"status":"(completed|failed|cancelled)"' "$work/job.json" && break
  sleep 0.25
done
grep -qE '"status":"(completed|failed|cancelled)"' "$work/job.json" || { echo "The job did not end within 300 s" >&2; exit 1; }

histogram() { jcmd "$server" GC.class_histogram > "$1"; }
total() { tail -n 1 "$1" | awk '{ print $3 }'; }

histogram "$work/before.txt"
mkfifo "$work/commands"
node "$here/clients.mjs" < "$work/commands" > "$work/events" &
exec 3> "$work/commands"
await() {
  local deadline=$((SECONDS + 600))
  while [ $SECONDS -lt $deadline ]; do
    grep -q "\"event\":\"$1\"" "$work/events" && return 0
    grep -q '"event":"fatal"' "$work/events" && { grep '"event":"fatal"' "$work/events" >&2; exit 1; }
    sleep 0.02
  done
  echo "No '$1' from the clients within 600 s" >&2; exit 1
}
echo "{\"cmd\":\"connect\",\"url\":\"http://127.0.0.1:$port\",\"token\":\"$token\",\"transport\":\"websocket\",\"first\":0,\"count\":$clients,\"rate\":500}" >&3
await connected
# CPU time in clock ticks (/proc/PID/stat fields 14 and 15): the server's, and its subscription threads'
ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
subscription_ticks() {
  for task in /proc/"$server"/task/*; do
    case $(cat "$task/comm" 2> /dev/null) in leadjobs-jobeve*) awk '{ print $14 + $15 }' "$task/stat" ;; esac
  done | awk '{ t += $1 } END { print t + 0 }'
}
sleep 2 # the connections' handshakes are done with
cpu_before=$(ticks); subscription_before=$(subscription_ticks); started=$(date +%s%N)
echo "{\"cmd\":\"subscribe\",\"jobIds\":[\"$job\"],\"record\":false}" >&3
await subscribed
ended=$(date +%s%N); cpu_after=$(ticks); subscription_after=$(subscription_ticks)
grep '"event":"subscribed"' "$work/events" | grep -q "{\"ok\":$clients}" \
  || { echo "Not every client was subscribed: $(grep -E '"event":"(connected|subscribed)"' "$work/events")" >&2; exit 1; }
histogram "$work/after.txt"

awk -v n="$clients" -v ms=$(((ended - started) / 1000000)) -v hz="$(getconf CLK_TCK)" \
    -v cpu=$((cpu_after - cpu_before)) -v threads=$((subscription_after - subscription_before)) \
    -v logs="$(grep -o '"timestamp"' "$work/job.json" | wc -l)" 'BEGIN {
  printf "%d subscriptions to a job whose job-status has %d log entries: all acknowledged after %d ms; server CPU %d ms, %d ms of it on the subscription threads (%.0f us per subscription)\n",
    n, logs, ms, cpu * 1000 / hz, threads * 1000 / hz, threads * 1e6 / hz / n }'
before=$(total "$work/before.txt")
after=$(total "$work/after.txt")
awk -v n="$clients" -v b="$before" -v a="$after" 'BEGIN {
  printf "%d idle subscribed WebSocket connections: live heap %.1f MiB before, %.1f MiB after, %.1f KiB (%d bytes) per connection\n",
    n, b / 1048576, a / 1048576, (a - b) / n / 1024, (a - b) / n }'
echo "held per connection, by class (bytes, instances):"
awk -v n="$clients" '
  FNR == NR && $1 ~ /:$/ { bytes[$4] = $3; count[$4] = $2; next }
  $1 ~ /:$/ { d = $3 - bytes[$4]; if (d > 0) printf "%8.0f %7.2f  %s\n", d / n, ($2 - count[$4]) / n, $4 }' \
  "$work/before.txt" "$work/after.txt" | sort -rn | head -n 15
