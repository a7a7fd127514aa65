#!/usr/bin/env bash
# Writes the fuzz targets' seed corpus (fuzz/corpus/) from what this version of lpo-sim
# writes, replacing the seeds there. Run it when lpo-sim-core's `fuzz_corpus` test says a
# corpus is stale (a scenario field added or renamed, a study or calibration file that now
# carries more): a seed the current code refuses never takes the fuzzer past parsing.
#
#   cargo build --release -p lpo-sim-cli && fuzz/make-seeds.sh [path/to/lpo-sim]
#
# Deterministic: on an unchanged version it rewrites the same bytes. Needs python3 (3.11+, for
# tomllib). JSON seeds are written compact (whitespace outside strings removed, every other
# byte as lpo-sim wrote it): the same files to every reader, and a third the size.
set -euo pipefail
cd "$(dirname "$0")/.."
lpo_sim=$(realpath "${1:-${CARGO_TARGET_DIR:-target}/release/lpo-sim}")
corpus=$PWD/fuzz/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Whitespace outside JSON strings removed; numbers and strings kept byte for byte.
compact() {
  python3 - "$@" << 'EOF'
import sys
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    out, in_string, escaped = [], False, False
    for c in text:
        if in_string:
            out.append(c)
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            out.append(c)
        elif c not in " \t\r\n":
            out.append(c)
    open(path, "w", encoding="utf-8").write("".join(out))
EOF
}

# scenario: the commented default (`lpo-sim init`), a copy without comments or blank lines,
# its JSON form, and the short template (`init --minimal`).
"$lpo_sim" init default.toml > /dev/null
"$lpo_sim" init --minimal minimal.toml > /dev/null
python3 - << 'EOF'
import json, tomllib
text = open("default.toml", encoding="utf-8").read()
scenario = tomllib.loads(text)
bare = []
for line in text.splitlines():
    if not line.strip() or line.lstrip().startswith("#"):
        continue
    in_string, quote = False, None
    for i, c in enumerate(line):
        if in_string:
            in_string = c != quote
        elif c in "\"'":
            in_string, quote = True, c
        elif c == "#":
            line = line[:i].rstrip()
            break
    bare.append(line)
open("default-bare.toml", "w", encoding="utf-8").write("\n".join(bare) + "\n")
assert tomllib.loads(open("default-bare.toml", encoding="utf-8").read()) == scenario
with open("default.json", "w", encoding="utf-8") as f:
    json.dump(scenario, f, separators=(",", ":"), ensure_ascii=False)
EOF
rm -f "$corpus"/scenario/*
cp default.toml default-bare.toml default.json minimal.toml "$corpus/scenario/"

# study_file: small studies of one to three months, whole, a shard, and one stopped by --until.
"$lpo_sim" mc --runs 6 --seed 1 --set horizon_months=1 --json tiny.json > /dev/null 2>&1
"$lpo_sim" mc --runs 24 --seed 1 --set horizon_months=3 --json whole.json > /dev/null 2>&1
"$lpo_sim" mc --runs 24 --seed 1 --set horizon_months=3 --shard 1/2 --json shard.json \
  > /dev/null 2>&1
"$lpo_sim" mc --runs 30 --seed 1 --set horizon_months=2 --until p_bankrupt:0.2 \
  --json until.json > /dev/null 2>&1
compact tiny.json whole.json shard.json until.json
rm -f "$corpus"/study_file/*
cp tiny.json whole.json shard.json until.json "$corpus/study_file/"

# calibration_file: a tiny history match (2 waves of 4 points of 8 firms) over three priors,
# one a whole number, against four targets of the first year, one of each figure: the file
# not yet started, a part of wave 1, a part of wave 2 (after wave 1 merged), the finished and
# validated file (seed 7: of its 8 plausible points, one is dropped on the fresh seeds for
# its implausibility, one for an estimate outside its range), and a history match stopped
# after wave 1 with no point kept (seed 3).
cat > targets.toml << 'EOF'
[implausibility]
observation_sd = 0.333
discrepancy_sd = 0.1
cutoff = 3.0
rank = 1
validation_inside_every_range = true

[[target]]
id = "attrition"
name = "Quits per staff-year, year 1"
figure = "ratio"
numerator = "quits"
denominator = "staff_employed"
months = [1, 12]
scale = 12.0
range = [0.0, 1.5]
unit = "1/year"
source = "fuzz seed"

[[target]]
id = "open_at_12"
name = "Open after 1 year"
figure = "survival"
month = 12
range = [0.5, 1.0]
unit = "share"
source = "fuzz seed"

[[target]]
id = "open_6_to_12"
name = "Of those open at 6, open at 12"
figure = "conditional_survival"
months = [6, 12]
range = [0.6, 1.0]
unit = "share"
source = "fuzz seed"

[[target]]
id = "successful"
name = "Ended by year 1 for another reason than pay"
figure = "exit_share"
month = 12
range = [0.0, 1.0]
unit = "share"
source = "fuzz seed"
EOF
cat > priors.toml << 'EOF'
[[prior]]
path = "workforce.attrition.base_monthly"
range = [0.01, 0.05]

[[prior]]
path = "clients.base_conversion"
range = [0.4, 0.95]

[[prior]]
path = "clients.contract_months"
range = [6.0, 36.0]
EOF
tiny=(--waves 2 --points 4 --runs-per-point 8 --priors priors.toml --targets targets.toml)
"$lpo_sim" calibrate init "${tiny[@]}" --seed 7 --out unstarted.json > /dev/null
"$lpo_sim" calibrate wave unstarted.json --shard 0/2 --out wave1-0.json > /dev/null 2>&1
"$lpo_sim" calibrate wave unstarted.json --shard 1/2 --out part.json > /dev/null 2>&1
"$lpo_sim" calibrate merge unstarted.json wave1-0.json part.json --out wave1.json > /dev/null 2>&1
"$lpo_sim" calibrate wave wave1.json --shard 1/2 --out part-wave2.json > /dev/null 2>&1
"$lpo_sim" calibrate run "${tiny[@]}" --seed 7 --out finished.json > /dev/null 2>&1
"$lpo_sim" calibrate run "${tiny[@]}" --seed 3 --out stopped.json > /dev/null 2>&1
compact unstarted.json part.json part-wave2.json finished.json stopped.json
rm -f "$corpus"/calibration_file/*
cp unstarted.json part.json part-wave2.json finished.json stopped.json "$corpus/calibration_file/"

ls -l "$corpus"/*/
