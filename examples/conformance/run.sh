#!/bin/sh
# Starts on port 3000 the app an official protocol test suite expects:
#   run.sh socketio   -> socketio/socket.io-protocol test-suite
#   run.sh engineio   -> socketio/engine.io-protocol test-suite
# Build first, at the repository root: mvn -B -q -DskipTests package
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/leadjobs-conformance.jar"
if [ ! -f "$jar" ]; then
  echo "missing $jar: run 'mvn -B -q -DskipTests package' at the repository root first" >&2
  exit 1
fi
case "${1:-}" in
  socketio|engineio) ;;
  *) echo "usage: $0 socketio|engineio [port]" >&2; exit 2 ;;
esac
exec java -jar "$jar" "$@"
