#!/usr/bin/env bash
# `make bench`: every benchmark, then bench/RESULTS.md (machine description, targets at a
# glance, one section per part), printed at the end.
#
# 1. ./scripts/bootstrap.sh (tools), the release bundle (Trunk, when missing or older than
#    its sources) and the release server (cargo, which knows when it is stale).
# 2. A copy of dist/ served by our server on a free port of 127.0.0.1 with a throwaway
#    SQLite database (the server precompresses the copy with brotli and gzip at start-up).
# 3. The parts, each with a time limit; a part that fails gets a note in its section and the
#    others still run: first load (bench/first-load.mjs), start-up (bench/startup.mjs),
#    Lighthouse (bench/lighthouse.mjs), editing a large plan (bench/editing.mjs), then, with
#    our server stopped, the server's load and durability (bench/server.mjs, which starts
#    its own servers).
# bench/out/ holds the sections and logs (scratch, not committed); bench/RESULTS.md is committed.
# Everything started here is stopped here, also on an error or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

started=$(date +%s)
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
out=bench/out
mkdir -p "$out"
rm -f "$out"/*.md "$out"/*.log "$out"/*.stdout

say() { printf '\033[1mbench:\033[0m %s\n' "$*" >&2; }

# --- Tools, bundle, server ------------------------------------------------------------------
# The npm lock: bootstrap may reinstall node_modules, and others install packages here too.
flock /tmp/ptw-npm.lock ./scripts/bootstrap.sh

# Trunk always runs under this lock: someone else may build in this checkout too.
bundle_stale() {
  [ ! -f dist/index.html ] && return 0
  [ -n "$(find src crates/proeftuin-domain style public index.html Cargo.toml Cargo.lock Trunk.toml \
    -newer dist/index.html -type f -print -quit)" ]
}
if bundle_stale; then
  say "building the release bundle (trunk build --release)"
  flock /tmp/ptw-trunk.lock trunk build --release
else
  say "release bundle is up to date"
fi
say "building the release server (cargo, if stale)"
cargo build --release -p proeftuin-server --locked

# --- Our server on a copy of the bundle -----------------------------------------------------
work=$(mktemp -d /tmp/ptw-bench.XXXXXX)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Copied under the Trunk lock, so a build by someone else cannot change it half-way; the
# compressed siblings are left out so that the server makes them fresh for this bundle.
flock /tmp/ptw-trunk.lock cp -r dist "$work/dist"
find "$work/dist" \( -name '*.br' -o -name '*.gz' \) -delete

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
url="http://127.0.0.1:$port/"
./target/release/proeftuin-server --addr "127.0.0.1:$port" --database-url "sqlite://$work/bench.db" \
  --dist "$work/dist" >"$out/proeftuin-server.log" 2>&1 &
server_pid=$!
say "server (pid $server_pid) on $url, waiting for it and for the precompressed bundle"
for _ in $(seq 1 240); do
  if curl -fsS "${url}api/health" >/dev/null 2>&1 && grep -q "precompressed bundle" "$out/proeftuin-server.log"; then
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$out/proeftuin-server.log" >&2; exit 1; }
  sleep 0.5
done
grep -q "precompressed bundle" "$out/proeftuin-server.log" || { say "the server did not precompress the bundle"; exit 1; }

# --- The parts ------------------------------------------------------------------------------
failed=()
# part NAME TITLE SECONDS COMMAND…: runs a part with a time limit; on failure its section says so.
part() {
  local name=$1 title=$2 limit=$3
  shift 3
  say "$title"
  if timeout --kill-after=10 "$limit" "$@" >"$out/$name.stdout" 2>"$out/$name.log"; then
    :
  else
    local code=$?
    failed+=("$name")
    local why="exit code $code"
    [ "$code" = 124 ] && why="no result within $limit s"
    {
      printf '## %s\n\nThis part failed (%s). The last lines of its log:\n\n```\n' "$title" "$why"
      tail -n 15 "$out/$name.log"
      printf '```\n'
    } >"$out/$name.md"
    say "$title failed ($why): see $out/$name.log"
  fi
}
part first-load "First load" 300 node bench/first-load.mjs "$url" "$work/dist" 5
part startup "Start-up" 240 node bench/startup.mjs "$url" 15 --md
part lighthouse "Lighthouse" 420 node bench/lighthouse.mjs "$url" 3
part editing "Editing a large plan" 660 node bench/editing.mjs "$url" 60
stop_server

if [ -f bench/server.mjs ]; then
  part server "Server" 720 node bench/server.mjs
else
  printf '## Server\n\nNot measured: bench/server.mjs is not there yet.\n' >"$out/server.md"
fi

# --- The report -----------------------------------------------------------------------------
node bench/report.mjs "$(($(date +%s) - started))" "$load_at_start"
if [ ${#failed[@]} -gt 0 ]; then
  say "failed parts: ${failed[*]} (logs in $out/)"
  exit 1
fi
