#!/usr/bin/env python3
"""Writes calibrated values into the parameter declarations (MODEL.md §15.3).

Reads `--set PATH=VALUE` arguments (as `pick_default.py` prints them) and rewrites each
parameter's default in `lpo-sim-core/src/scenario/<section>.rs`: the first argument of its
`real(`/`count(` declaration, or its line's entry in a `by_line([...])` array. Every path must
be found exactly once; nothing is written unless all are. Re-bless the generated files after
(`LPO_SIM_BLESS=1 cargo test --release -p lpo-sim-core --test model_doc`).

Usage: calibration/set_defaults.py --set a.b=1 --set c.d.e=2 ...
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "lpo-sim-core" / "src" / "scenario"
LINES = ["data_organisation", "transcription", "document_review", "contract_drafting", "legal_research"]


def literal(value, kind):
    if kind == "count":
        return str(int(round(float(value))))
    x = float(value)
    text = repr(x)
    return text if ("." in text or "e" in text) else text + ".0"


def struct_body(text, name):
    """(start, end) of the body of `pub struct NAME {` in text."""
    m = re.search(r"pub struct " + re.escape(name) + r" \{", text)
    if not m:
        raise SystemExit(f"struct {name} not found")
    depth, i = 1, m.end()
    while depth:
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    return m.end(), i


def set_field(text, start, end, field, value):
    pattern = re.compile(r"(\n\s+" + re.escape(field) + r": \w+ = (real|count)\()([^,]+)(,)")
    found = [m for m in pattern.finditer(text, start, end)]
    if len(found) != 1:
        raise SystemExit(f"field {field}: {len(found)} declarations found")
    m = found[0]
    return text[: m.start(3)] + literal(value, m.group(2)) + text[m.end(3) :]


def set_line(text, field, line, value):
    m = re.search(r"\n\s+" + re.escape(field) + r": f64 = by_line\(\s*\[([^\]]*)\]", text)
    if not m:
        raise SystemExit(f"lines.{field}: no by_line declaration")
    entries = [e.strip() for e in m.group(1).split(",")]
    entries[LINES.index(line)] = literal(value, "real")
    return text[: m.start(1)] + ", ".join(entries) + text[m.end(1) :]


def main():
    sets = []
    args = sys.argv[1:]
    for i, a in enumerate(args):
        if a == "--set":
            sets.append(args[i + 1])
    files = {}
    for s in sets:
        path, value = s.split("=", 1)
        parts = path.split(".")
        section = parts[0]
        file = ROOT / f"{section}.rs"
        text = files.get(file) or file.read_text(encoding="utf-8")
        if section == "lines":
            text = set_line(text, parts[2], parts[1], value)
        else:
            top = re.search(r"pub struct (\w+) \{", text).group(1)
            start, end = struct_body(text, top)
            for nested in parts[1:-1]:
                m = re.search(r"\n\s+" + re.escape(nested) + r": (\w+) = section\(\)", text[start:end])
                if not m:
                    raise SystemExit(f"{path}: no section {nested}")
                start, end = struct_body(text, m.group(1))
            text = set_field(text, start, end, parts[-1], value)
        files[file] = text
    for file, text in files.items():
        file.write_text(text, encoding="utf-8")
    print(f"{len(sets)} defaults written in {len(files)} files")


if __name__ == "__main__":
    main()
