#!/usr/bin/env bash
# Instructions per firm-month of a market of rival firms against a firm alone, counted by
# callgrind (stable on a shared machine, where wall time is not; see instructions.sh).
#
#   benches/market_instructions.sh [FIRMS] [RUNS]
#
# Runs, on one thread and seed 1: `lpo-sim mc` (a firm alone, 400 replicates), `lpo-sim market`
# with one rule-based firm (400 replicates) and with FIRMS rule-based firms (default 20; RUNS
# replicates, default 20), and prints each one's instructions over the firm-months it ran
# (from the JSON: Σ over firms of the mean months run × replicates; for mc, replicates.csv).
# The process start and the JSON are in the count; they are small beside the months.
# Needs valgrind and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
firms=${1:-20}
runs=${2:-20}
for tool in valgrind python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "market_instructions.sh: \`$tool\` not found (apt-get install valgrind python3)" >&2
        exit 2
    fi
done
cargo build --release --quiet -p lpo-sim-cli --bin lpo-sim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lpo_sim=target/release/lpo-sim

instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" 2>"$work/cg.err" >/dev/null
    awk '/refs:/ { gsub(",", "", $4); print $4 }' "$work/cg.err"
}
market_months() {
    python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
runs = d["summary"]["runs"]
print(round(sum(f["months_run"]["mean"] * runs for f in d["summary"]["firms"])))' "$1"
}
per_month() { python3 -c "import sys; print(f'{int(sys.argv[1]) / int(sys.argv[2]):,.0f}')" "$1" "$2"; }

"$lpo_sim" mc --runs 400 --threads 1 --seed 1 --csv "$work/mc" >/dev/null 2>&1
mc_months=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "months_run") c = i; next }
                     { sum += $c } END { print sum }' "$work/mc/replicates.csv")
mc_total=$(instructions "$lpo_sim" mc --runs 400 --threads 1 --seed 1)
echo "firm alone (mc, 400 replicates):        $mc_months firm-months, $(per_month "$mc_total" "$mc_months") instructions per firm-month"

one=(market --firm rule-based --runs 400 --threads 1 --seed 1)
"$lpo_sim" "${one[@]}" --json "$work/one.json" >/dev/null
one_months=$(market_months "$work/one.json")
one_total=$(instructions "$lpo_sim" "${one[@]}")
echo "market of 1 firm (400 replicates):      $one_months firm-months, $(per_month "$one_total" "$one_months") instructions per firm-month"

many=(market --runs "$runs" --threads 1 --seed 1)
for _ in $(seq "$firms"); do many+=(--firm rule-based); done
"$lpo_sim" "${many[@]}" --json "$work/many.json" >/dev/null
many_months=$(market_months "$work/many.json")
many_total=$(instructions "$lpo_sim" "${many[@]}")
echo "market of $firms firms ($runs replicates): $many_months firm-months, $(per_month "$many_total" "$many_months") instructions per firm-month"
python3 -c "import sys; a, b = int(sys.argv[1]) / int(sys.argv[2]), int(sys.argv[3]) / int(sys.argv[4]); print(f'ratio, market of $firms to market of 1: {a / b:.2f}')" "$many_total" "$many_months" "$one_total" "$one_months"
