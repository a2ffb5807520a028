#!/usr/bin/env bash
# `make test`: everything CI checks, in the order that fails fastest.
# Each runner prints its own summary; any failure stops the run with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
start=$(date +%s)
section() { printf '\n\033[1m== %s (%ss)\033[0m\n' "$*" "$(( $(date +%s) - start ))"; }

section "bootstrap"
./scripts/bootstrap.sh

section "format"
cargo fmt --all --check

section "clippy, native (domain, server)"
cargo clippy --workspace --exclude proeftuin-wizard --all-targets --locked -- -D warnings

section "clippy, wasm32 (app, domain)"
cargo clippy --target wasm32-unknown-unknown -p proeftuin-wizard -p proeftuin-domain --all-targets --locked -- -D warnings

section "clippy, wasm32, with the split points as lazily loaded modules (feature split)"
cargo clippy --target wasm32-unknown-unknown -p proeftuin-wizard --features split --locked -- -D warnings

section "PostgreSQL for the server tests (throwaway cluster on 127.0.0.1)"
# The server tests run on SQLite and on this cluster; it is stopped however the run ends.
trap './scripts/postgres.sh stop' EXIT
PROEFTUIN_TEST_POSTGRES_URL="$(./scripts/postgres.sh start)"
export PROEFTUIN_TEST_POSTGRES_URL

section "native tests (domain, server in-process, SQLite and PostgreSQL)"
cargo test --workspace --exclude proeftuin-wizard --locked
./scripts/postgres.sh stop

section "fuzzing (cargo fuzz on stable: document parsing and the merge, FUZZ_SECONDS each)"
./scripts/fuzz.sh

section "in-browser Rust tests (wasm-bindgen-test, headless Chromium)"
cargo test -p proeftuin-wizard --target wasm32-unknown-unknown --locked

section "release build (bundle and server)"
trunk build --release
cargo build --release -p proeftuin-server --locked

section "end-to-end tests (Playwright against the release server)"
npx playwright test

section "all tests passed"
