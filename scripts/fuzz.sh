#!/usr/bin/env bash
# Fuzzes document parsing and the three-way merge (fuzz/, cargo fuzz with libFuzzer) for a
# bounded time per target and fails on a finding. The input that failed is kept under
# fuzz/artifacts/<target>/; the command to replay it is printed.
#
#   scripts/fuzz.sh                 every target, FUZZ_SECONDS each (default 30)
#   scripts/fuzz.sh merge           one target
#   scripts/fuzz.sh --install-only  only install cargo-fuzz (called by bootstrap.sh)
#
# On the stable toolchain: cargo fuzz passes nightly-only flags (-Z sanitizer options, the
# sancov pass), which stable rustc accepts with RUSTC_BOOTSTRAP=1; libFuzzer itself is C++
# built by the libfuzzer-sys crate. No AddressSanitizer (--sanitizer none): the domain crate
# has no unsafe code, and without it a run does about five times as many executions.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
export PATH="$HOME/.cargo/bin:$PATH"

if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  printf '\033[1mfuzz:\033[0m installing cargo-fuzz %s (takes about a minute)\n' "$CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
[ "${1:-}" = "--install-only" ] && exit 0

export RUSTC_BOOTSTRAP=1
# cargo fuzz has no --locked: fail here if fuzz/Cargo.lock is out of date instead.
cargo metadata --manifest-path fuzz/Cargo.toml --locked --format-version 1 >/dev/null
cargo fmt --manifest-path fuzz/Cargo.toml --check

if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo fuzz list); fi
cargo fuzz build --sanitizer none

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for target in "${targets[@]}"; do
  # New inputs go to a scratch corpus; the seeds in fuzz/corpus/<target>/ stay as committed.
  mkdir -p "$work/$target" "fuzz/artifacts/$target"
  log="$work/$target.log"
  if cargo fuzz run --sanitizer none "$target" "$work/$target" "fuzz/corpus/$target" -- \
    -max_total_time="$FUZZ_SECONDS" -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
    runs=$(awk '/^stat::number_of_executed_units:/ {print $2}' "$log")
    cov=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' || true)
    printf 'fuzz %s: %s executions in %ss (%s), no finding\n' "$target" "$runs" "$FUZZ_SECONDS" "$cov"
  else
    tail -n 60 "$log" >&2
    grep -E "panicked at|Test unit written to" "$log" >&2 || true
    echo "fuzz $target: FINDING. Replay: RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none $target <the file above>" >&2
    exit 1
  fi
done
