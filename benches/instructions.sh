#!/usr/bin/env bash
# Instructions per firm-month, counted by callgrind: stable on a shared machine, where wall
# time is not (README.md, "Performance"; PERF-NOTES.md).
#
#   benches/instructions.sh [SCENARIO]
#
# Prints:
# - the default study (`lpo-sim mc --runs 300 --threads 1 --seed 1`, or SCENARIO's): its
#   instructions over the firm-months it ran (the sum of `months_run` in its replicates.csv),
#   in all and in `Simulation::step` alone;
# - each fixed-size benchmark firm's step (`firm_month/*` in benches/firm.rs): callgrind of
#   cloning and stepping, minus cloning alone, over the iterations.
# Needs valgrind (callgrind_annotate comes with it). Takes about a minute after the build.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in valgrind callgrind_annotate; do
    if ! command -v "$tool" >/dev/null; then
        echo "instructions.sh: \`$tool\` not found; install valgrind (e.g. apt-get install valgrind)" >&2
        exit 2
    fi
done

cargo build --release --quiet -p lpo-sim-cli -p lpo-sim-benches --bin lpo-sim --bin step-instructions
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Total instructions of a command, from callgrind's summary.
instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" 2>"$work/cg.err" >/dev/null
    awk '/refs:/ { gsub(",", "", $4); print $4 }' "$work/cg.err"
}

study=(target/release/lpo-sim mc ${1:+"$1"} --runs 300 --threads 1 --seed 1)
"${study[@]}" --csv "$work/csv" >/dev/null 2>&1
firm_months=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "months_run") c = i; next }
                       { sum += $c } END { print sum }' "$work/csv/replicates.csv")
total=$(instructions "${study[@]}")
step=$(callgrind_annotate --inclusive=yes "$work/cg.out" 2>/dev/null |
    awk '/Simulation<S>::step / { gsub(",", "", $1); print $1; exit }')
if [ -z "$step" ]; then
    echo "instructions.sh: no Simulation::step in callgrind's profile (symbols stripped?)" >&2
fi
echo "study: ${study[*]}"
echo "  $total instructions over $firm_months firm-months:" \
    "$((total / firm_months)) per firm-month, $((${step:-0} / firm_months)) of them in Simulation::step"

for size_iterations in small:2000 medium:400 large:40; do
    size=${size_iterations%:*}
    iterations=${size_iterations#*:}
    with=$(instructions target/release/step-instructions "$size" step "$iterations")
    without=$(instructions target/release/step-instructions "$size" clone "$iterations")
    firm=$(target/release/step-instructions "$size" clone 0)
    echo "firm_month/$size ($firm): $(((with - without) / iterations)) instructions per step"
done
