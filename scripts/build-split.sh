#!/usr/bin/env bash
# The release bundle with wasm code splitting (issue 15), into DIST (default dist-split/):
# the overview and step 1 load with the main module; the split points (marked
# `#[cfg_attr(feature = "split", leptos::lazy)]`, see src/split.rs: steps 2 to 5, the sync bar,
# the assessor page, /open, versions, assessors, the overview's import section and
# unreadable-plans warning) are wasm modules of their own, fetched on first use. Trunk cannot do this (it runs no splitter), so this script does:
#
#   1. cargo rustc --features split, linked with --emit-relocs (the splitter needs them)
#   2. wasm-split-cli (crate wasm_split_cli_support): main.wasm, the split modules and
#      their JS loader __wasm_split.js
#   3. wasm-bindgen --keep-lld-exports on main.wasm (the split modules use its exports)
#   4. wasm-opt on every module, with the passes index.html gives Trunk
#   5. trunk build of the rest (CSS, copied files) from index.html without its rust link
#   6. scripts/split-dist.mjs: content-hashed names, the references between the files
#      rewritten, and the loader tag for public/boot.js in index.html
#
# Idempotent; the splitter is installed into .tools/ once (about 3 minutes).
# Usage: scripts/build-split.sh [DIST]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
DIST=$(realpath -m "${1:-dist-split}")
WORK=$ROOT/target/split
NAME=proeftuin-wizard
PROFILE=wasm-release
# The splitter reads the format version the helpers write: 0.2.4 reads that of every
# wasm_split_helpers 0.2.x (Cargo.lock has the helpers through leptos).
SPLIT_CLI_VERSION=0.2.4
SPLIT_CLI=$ROOT/.tools/bin/wasm-split-cli
# The passes Trunk runs (index.html: data-wasm-opt="1" data-wasm-opt-params="...").
WASM_OPT_ARGS=(-O1 --flatten --rereloop -O1)

start=$(date +%s)
step() { printf '\033[1mbuild-split (%ss):\033[0m %s\n' "$(( $(date +%s) - start ))" "$*"; }

helpers=$(awk '/^name = "wasm_split_helpers"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
case "$helpers" in
  0.2.*) ;;
  *) echo "build-split: wasm_split_helpers $helpers in Cargo.lock: check which wasm_split_cli_support reads it" >&2; exit 1 ;;
esac
if ! cargo install --list --root "$ROOT/.tools" 2>/dev/null | grep -qx "wasm_split_cli_support v$SPLIT_CLI_VERSION:" \
  || [ ! -x "$SPLIT_CLI" ]; then
  step "installing wasm_split_cli_support $SPLIT_CLI_VERSION into .tools/ (about 3 minutes)"
  cargo install wasm_split_cli_support --version "=$SPLIT_CLI_VERSION" --features build-binary \
    --locked --root "$ROOT/.tools"
fi

step "cargo build ($PROFILE, --features split, --emit-relocs)"
# `cargo rustc` passes the link argument to the binary only: the dependencies keep the
# flags of .cargo/config.toml and are shared with Trunk's builds.
cargo rustc --locked --bin "$NAME" --target wasm32-unknown-unknown --profile "$PROFILE" \
  --features split -- -C link-arg=--emit-relocs
INPUT=$ROOT/target/wasm32-unknown-unknown/$PROFILE/$NAME.wasm

step "splitting"
rm -rf "$WORK"
mkdir -p "$WORK/raw" "$WORK/out"
"$SPLIT_CLI" "$INPUT" "$WORK/raw"

step "wasm-bindgen on the main module"
wasm-bindgen --target web --keep-lld-exports --no-typescript \
  --out-dir "$WORK/bindgen" --out-name "$NAME" "$WORK/raw/main.wasm"
cp "$WORK/bindgen/$NAME.js" "$WORK/raw/__wasm_split.js" "$WORK/out/"
[ -d "$WORK/bindgen/snippets" ] && cp -r "$WORK/bindgen/snippets" "$WORK/out/"

step "wasm-opt ${WASM_OPT_ARGS[*]} on every module"
cp "$WORK/bindgen/${NAME}_bg.wasm" "$WORK/raw/${NAME}_bg.wasm"
export WORK
(cd "$WORK/raw" && ls ./*.wasm | grep -vx './main.wasm' | sed 's|^\./||') \
  | xargs -P "$(nproc)" -I{} wasm-opt "${WASM_OPT_ARGS[@]}" "$WORK/raw/{}" -o "$WORK/out/{}"

step "trunk build of the rest (CSS, copied files)"
# index.html without its rust link, in a folder without Cargo.toml (else Trunk builds the
# crate itself); its relative links then point one level up.
SITE=$WORK/site
mkdir -p "$SITE"
ln -sfn "$ROOT/style" "$SITE/style"
ln -sfn "$ROOT/public" "$SITE/public"
ln -sfn "$ROOT/crates" "$SITE/crates"
sed 's|^.*<link data-trunk rel="rust".*$|    <!-- split-loader -->|' index.html > "$SITE/index.html"
rm -rf "$DIST"
trunk build --release --dist "$DIST" "$SITE/index.html"

step "hashed names and the loader tag"
node scripts/split-dist.mjs "$WORK/out" "$DIST" "$NAME"

step "done in $(( $(date +%s) - start ))s: $DIST"
