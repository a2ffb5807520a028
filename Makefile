# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
# wasm-opt 132 from npm (binaryen) must come before any other wasm-opt on PATH.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test bench bootstrap web server clean

## Build the app and start the server on http://127.0.0.1:8080 (Ctrl-C stops it).
run: bootstrap web server
	./target/release/proeftuin-server $(ARGS)

## Format and lint checks, native and in-browser tests, release build, end-to-end tests.
test:
	./scripts/test.sh

## Benchmarks: bundle size and first-visit transfer, start-up, Lighthouse, editing a large
## plan, server load and durability; prints the table and writes bench/RESULTS.md.
bench:
	./bench/run.sh

bootstrap:
	./scripts/bootstrap.sh

## The release bundle in dist/ (wasm built with the size-tuned wasm-release profile).
web: bootstrap
	trunk build --release

server:
	cargo build --release -p proeftuin-server --locked

clean:
	cargo clean
	rm -rf dist test-results playwright-report
