#!/usr/bin/env python3
"""Candidates for the default scenario from a calibration file (MODEL.md §15.3).

Of the ensemble's members, the (up to) five closest to the members' per-parameter medians
(Euclidean distance, each parameter scaled to its prior's width), rounded to three significant
figures (whole numbers from 1,000 up; integer parameters to integers). Prints one line per
candidate: its distance and the `--set PATH=VALUE` arguments that give it, for
`lpo-sim calibrate check --strict --runs 16384` on seeds 1 and 2026; the default is the closest
candidate with every target inside its range on both (MODEL.md §15.3). Pass COUNT to list more
than five when none of the first five passes.

Usage: calibration/pick_default.py calibration/ensemble.json [COUNT]
"""

import json
import math
import sys


def round3(value, integer):
    if integer:
        return int(round(value))
    if value == 0:
        return 0.0
    if abs(value) >= 1000:
        return float(round(value))
    digits = 2 - int(math.floor(math.log10(abs(value))))
    return round(value, digits)


def main():
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    priors = data["manifest"]["priors"]
    cutoff = data["manifest"]["targets"]["implausibility"]["cutoff"]
    members = [
        m for wave in data["waves"] for m in wave["plausible"] if m["ranked"] <= cutoff
    ]
    # A validated file's ensemble is the members that stayed plausible on fresh seeds, with
    # every estimate inside its range unless the targets say otherwise (MODEL.md §15.3).
    validation = data.get("validation")
    # Every calibration file records the rule (lpo-sim refuses one without it: MODEL.md §15.3).
    inside = data["manifest"]["targets"]["implausibility"].get("validation_inside_every_range")
    if inside is None:
        sys.exit(
            f"{path}: does not record the rule validation keeps members by "
            "(validation_inside_every_range); run `lpo-sim calibrate run` again"
        )
    if validation is not None:
        kept = {
            (v["wave"], v["index"])
            for v in validation["members"]
            if v["ranked"] <= cutoff and (v["inside_every_range"] or not inside)
        }
        members = [m for m in members if (m["wave"], m["index"]) in kept]
    if not members:
        sys.exit(f"{path}: no plausible members")
    medians = []
    for i in range(len(priors)):
        values = sorted(m["values"][i] for m in members)
        medians.append(values[len(values) // 2])

    def distance(m):
        return math.sqrt(
            sum(
                ((m["values"][i] - medians[i]) / (p["high"] - p["low"])) ** 2
                for i, p in enumerate(priors)
            )
        )

    ranked = sorted(members, key=lambda m: (distance(m), m["wave"], m["index"]))
    for m in ranked[:count]:
        sets = " ".join(
            f"--set {p['path']}={round3(m['values'][i], p['integer'])}"
            for i, p in enumerate(priors)
        )
        print(f"wave {m['wave']} point {m['index']} distance {distance(m):.3f}\t{sets}")


if __name__ == "__main__":
    main()
