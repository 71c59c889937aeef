#!/usr/bin/env bash
# Fuzzes `socklab explain` for as many cases as asked (not a test; `cargo test` runs a few
# hundred): real outputs from fixtures/outputs and ../shared/corpus, spoiled by the
# mutations of tests/cli/explain_fuzz.rs. Runs one proptest process per core, each from
# its own seed, in release. A failure is shrunk and saved in
# tests/proptest-regressions/explain_fuzz.txt and the script exits non-zero.
# Usage: scripts/fuzz.sh [CASES]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-100000}
jobs=$(nproc)
per=$(( (cases + jobs - 1) / jobs ))
cargo test --release --locked --quiet --test cli --no-run
start=$(date +%s)
pids=()
for j in $(seq 1 "$jobs"); do
  SOCKLAB_FUZZ_CASES=$per PROPTEST_RNG_SEED=$(( RANDOM * 32768 + RANDOM + j )) \
    cargo test --release --locked --quiet --test cli explain_fuzz -- --exact \
    explain_fuzz::explain_keeps_every_line_of_spoiled_real_output >"${TMPDIR:-/tmp}/socklab-fuzz.$j.log" 2>&1 &
  pids+=($!)
done
failed=0
for j in "${!pids[@]}"; do
  if ! wait "${pids[$j]}"; then
    failed=1
    echo "fuzz job $((j + 1)) failed:"
    grep -E "minimal failing|panicked|shrinks to" "${TMPDIR:-/tmp}/socklab-fuzz.$((j + 1)).log" | head -5
  fi
done
total=$(( per * jobs ))
echo "explain fuzz: $total cases in $(( $(date +%s) - start ))s on $jobs jobs: $([ $failed = 0 ] && echo clean || echo FAILED)"
exit $failed
