#!/usr/bin/env bash
# Prints the size of every file of the release bundle: raw, gzip -9 and brotli (as the
# server precompresses them), and the totals. Usage: bench/bundle-size.sh [dist]
set -euo pipefail
dist=${1:-dist}
printf '%-48s %10s %10s %10s\n' file raw gzip brotli
total_raw=0; total_gz=0; total_br=0
while IFS= read -r f; do
  raw=$(stat -c %s "$f")
  gz=$( [ -f "$f.gz" ] && stat -c %s "$f.gz" || gzip -9 -c "$f" | wc -c)
  br=$( [ -f "$f.br" ] && stat -c %s "$f.br" || echo "-")
  printf '%-48s %10d %10d %10s\n' "${f#"$dist"/}" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  [ "$br" != "-" ] && total_br=$((total_br + br))
done < <(find "$dist" -type f ! -name '*.gz' ! -name '*.br' ! -name '*.tmp' | sort)
printf '%-48s %10d %10d %10s\n' TOTAL "$total_raw" "$total_gz" "$total_br"
