#!/usr/bin/env bash
# bench/peers.sh [N ...]: the side-by-side table of suan and the other engines of
# ../shared/peers on the 'city budget' workbook, written to bench/peers-results.md with the date,
# the commit and the machine (CPU model, cores, memory).
#
#   bench/peers.sh                      # N = 100 500 2000 10000
#   PEERS="floor hyperformula suan" bench/peers.sh 100 500
#
# Env (the harness's own, see ../shared/peers/README.md, pass through): PEERS, TIMEOUT_S, BIG_N,
# BIG_LIMIT_S, SINGLE_BUDGET_S, BATCH_BUDGET_S, SEED, PEERS_WORK (default /tmp/suan-peers).
# Also: BUILD_DIR (default build/; suan is built there with cmake if missing),
# PEERS_DIR (default ../shared/peers beside the repository), OUT (default bench/peers-results.md).
# The ixion peer needs `apt-get install libixion-dev`; hyperformula/ironcalc need node and npm.
# Earlier results in $PEERS_WORK/out/raw are cleared first, so the table is one run's.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
PEERS_DIR=${PEERS_DIR:-$ROOT/../shared/peers}
OUT=${OUT:-$ROOT/bench/peers-results.md}
export PEERS_WORK=${PEERS_WORK:-${TMPDIR:-/tmp}/suan-peers}
NS=("$@"); [ ${#NS[@]} -eq 0 ] && NS=(100 500 2000 10000)

[ -x "$PEERS_DIR/run.sh" ] || { echo "peers.sh: no harness at $PEERS_DIR/run.sh (set PEERS_DIR)" >&2; exit 2; }
if [ ! -x "$BUILD_DIR/bin/suan" ]; then
  echo "== building suan in $BUILD_DIR" >&2
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" -j"${JOBS:-2}" --target suan
fi
pkg-config --exists libixion-0.17 2>/dev/null ||
  echo "peers.sh: libixion-dev is not installed; the ixion peer will be skipped" >&2

commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$ROOT" diff --quiet HEAD -- engine formulas bindings 2>/dev/null || commit="$commit (with uncommitted changes)"
rm -f "$PEERS_WORK"/out/raw/*.json "$PEERS_WORK"/out/raw/*.err 2>/dev/null || true
START=$(date -u +%Y-%m-%dT%H:%MZ)
T0=$(date +%s)
SUAN="$BUILD_DIR/bin/suan bench" "$PEERS_DIR/run.sh" "${NS[@]}" >&2
T1=$(date +%s)

cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
cores=$(nproc)
mem=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
{
  echo "# suan beside other engines (city budget workbook)"
  echo
  echo "Made by \`bench/peers.sh ${NS[*]}\`${PEERS:+ with \`PEERS=\"$PEERS\"\`} on $START, commit $commit,"
  echo "in $(( (T1 - T0) / 60 )) min. Machine: $cpu, $cores cores, $mem memory ($(uname -r))."
  echo "Single runs: expect 10-20 % noise between runs on a shared machine; compare within one table."
  echo "build+full calc runs from the parsed cell list to the first correct consolidated total;"
  echo "\"verified\" means every edit's result matched the generator's expected values."
  echo
  cat "$PEERS_WORK/out/results.md"
} > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
