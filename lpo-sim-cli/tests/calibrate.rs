//! End-to-end tests of `lpo-sim calibrate` (check, run, init, wave, merge) and of
//! `lpo-sim mc --ensemble`: tiny settings (a few dozen points and firms), determinism across
//! threads and shards, bad input (exit code 2 naming the file and the field), Ctrl-C.

use lpo_sim_core::calibration::DEFAULT_TARGETS_TOML;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod common;

use common::{args, assert_no_temporary_files, lpo_sim, read_json};

const EXIT_FAILURE: i32 = 1;

/// The tiny history match of these tests: 2 waves of 16 points of 16 firms. Seed 2 keeps 9
/// plausible members (seed 1 kept a single one once the normals were drawn by inversion).
const TINY: [&str; 8] = [
    "--waves",
    "2",
    "--points",
    "16",
    "--runs-per-point",
    "16",
    "--seed",
    "7",
];

/// The embedded targets with a cut-off of 12 instead of 3, written once per test process.
///
/// The tiny history match tests the plumbing (waves, files, ensembles), not the fit: with the
/// embedded cut-off whether 2 waves of 16 points keep any member depends on how well the model
/// happens to fit, and each model change would need another seed.
fn loose_targets() -> &'static Path {
    static LOOSE: std::sync::OnceLock<(TempDir, PathBuf)> = std::sync::OnceLock::new();
    &LOOSE
        .get_or_init(|| {
            let dir = TempDir::new().unwrap();
            let path = dir.path().join("loose-targets.toml");
            let text = DEFAULT_TARGETS_TOML
                .replacen("cutoff = 3.0", "cutoff = 12.0", 1)
                .replacen(
                    "validation_inside_every_range = true",
                    "validation_inside_every_range = false",
                    1,
                );
            assert!(
                text.contains("cutoff = 12.0")
                    && text.contains("validation_inside_every_range = false"),
                "the targets' cut-off or validation line moved"
            );
            fs::write(&path, text).unwrap();
            (dir, path)
        })
        .1
}

fn tiny(command: &str, extra: &[&dyn AsRef<std::ffi::OsStr>]) -> Vec<std::ffi::OsString> {
    let mut parts: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"calibrate", &command];
    for t in &TINY {
        parts.push(t);
    }
    let targets = loose_targets();
    if extra.iter().all(|e| e.as_ref() != "--targets") {
        parts.push(&"--targets");
        parts.push(&targets);
    }
    parts.extend_from_slice(extra);
    args(&parts)
}

/// A calibration file of the tiny history match with plausible members, written once per
/// test that needs one.
fn tiny_run(dir: &Path, threads: &str) -> PathBuf {
    let out = dir.join(format!("ensemble-t{threads}.json"));
    lpo_sim(tiny("run", &[&"--threads", &threads, &"--out", &out])).assert_success();
    out
}

// ------------------------------------------------------------------------------- check

#[test]
fn check_prints_every_target_and_the_survival_curve_and_writes_json_and_html() {
    let dir = TempDir::new().unwrap();
    let json = dir.path().join("check.json");
    let html = dir.path().join("check.html");
    let out = lpo_sim(args(&[
        &"calibrate",
        &"check",
        &"--runs",
        &"64",
        &"--seed",
        &"3",
        &"--json",
        &json,
        &"--report",
        &html,
    ]))
    .assert_success()
    .assert_stdout_contains(&[
        "Calibration check",
        "64 firms",
        "billable_utilisation",
        "open_at_60",
        "published range",
        "survival: share of firms still open",
        "targets inside their published range",
        "sources",
        "reported beside the targets, not matched",
        "client_loss_with_pilots",
    ]);
    // The survival block has the five published months.
    for month in ["   12  ", "   24  ", "   36  ", "   48  ", "   60  "] {
        assert!(
            out.stdout.contains(month),
            "no month {month}:\n{}",
            out.stdout
        );
    }
    let value = read_json(&json);
    assert_eq!(value["target_count"], 16);
    assert_eq!(value["check"]["runs"], 64);
    assert_eq!(value["check"]["seed"], 3);
    let checks = value["check"]["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 16);
    // The reported figures come apart from the targets, with an estimate and a verdict.
    let reported = value["check"]["reported"].as_array().unwrap();
    let ids: Vec<&str> = reported
        .iter()
        .map(|c| c["target"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "training_share",
            "billed_utilisation",
            "client_loss_with_pilots"
        ]
    );
    assert!(reported.iter().all(|c| c["estimate"]["value"].is_number()));
    let inside = checks.iter().filter(|c| c["inside"] == true).count();
    assert_eq!(value["inside"].as_u64(), Some(inside as u64));
    for c in checks {
        assert!(c["estimate"]["value"].is_number(), "{c}");
        assert!(c["target"]["range"].is_array(), "{c}");
    }
    let report = fs::read_to_string(&html).unwrap();
    assert!(report.starts_with("<!DOCTYPE html>"), "{}", &report[..80]);
    assert!(report.contains("Model against published ranges"));
    assert!(report.contains("Survival against the published points"));
    assert!(report.contains("Reported beside the targets, not matched"));
    assert!(report.contains("<code>training_share</code>"));
    assert_eq!(report.matches("<svg").count(), 2, "two charts");
    assert_no_temporary_files(dir.path());

    // `--json -` prints the same JSON instead of the table.
    let printed = lpo_sim(args(&[
        &"calibrate",
        &"check",
        &"--runs",
        &"64",
        &"--seed",
        &"3",
        &"--json",
        &"-",
    ]))
    .assert_success();
    assert_eq!(printed.stdout, fs::read_to_string(&json).unwrap());
}

#[test]
fn check_is_byte_identical_for_any_thread_count() {
    let dir = TempDir::new().unwrap();
    let mut files = Vec::new();
    for threads in ["1", "2"] {
        let json = dir.path().join(format!("t{threads}.json"));
        lpo_sim(args(&[
            &"calibrate",
            &"check",
            &"--runs",
            &"300",
            &"--threads",
            &threads,
            &"--json",
            &json,
        ]))
        .assert_success();
        files.push(fs::read(&json).unwrap());
    }
    assert_eq!(files[0], files[1]);
}

/// The embedded targets with billable utilisation's range moved out of reach.
fn impossible_targets(dir: &Path) -> PathBuf {
    let text = DEFAULT_TARGETS_TOML.replacen("range = [0.75, 0.90]", "range = [0.01, 0.02]", 1);
    assert_ne!(
        text, DEFAULT_TARGETS_TOML,
        "the targets file changed: update this test"
    );
    let path = dir.join("impossible.toml");
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn check_exits_0_with_a_target_outside_and_1_with_strict() {
    let dir = TempDir::new().unwrap();
    let targets = impossible_targets(dir.path());
    let base = |strict: bool| {
        let mut a: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
            &"calibrate",
            &"check",
            &"--runs",
            &"64",
            &"--targets",
            &targets,
        ];
        if strict {
            a.push(&"--strict");
        }
        lpo_sim(args(&a))
    };
    let report = base(false).assert_success();
    assert!(report.stdout.contains("OUTSIDE"), "{}", report.stdout);
    assert!(report.stdout.contains("above"), "{}", report.stdout);
    let strict = base(true);
    assert_eq!(strict.code, EXIT_FAILURE, "{}", strict.stderr);
    assert!(
        strict
            .stderr
            .contains("targets outside their published range: billable_utilisation"),
        "{}",
        strict.stderr
    );
    // The table is still printed.
    assert!(strict.stdout.contains("OUTSIDE"), "{}", strict.stdout);
}

/// Settings under which every firm is insolvent in its first year (no savings, no loan and a
/// fixed IT cost no firm can pay), so none is open at 24 months.
const INSOLVENT_IN_YEAR_ONE: [&str; 6] = [
    "--set",
    "founder.savings=0",
    "--set",
    "finance.loan_amount=0",
    "--set",
    "finance.it_fixed=1000000",
];

/// `calibrate check --runs 64 --targets TARGETS` with the settings above.
fn insolvent_check<T: AsRef<std::ffi::OsStr>>(targets: &T) -> Vec<&dyn AsRef<std::ffi::OsStr>> {
    let mut a: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
        &"calibrate",
        &"check",
        &"--runs",
        &"64",
        &"--targets",
        targets,
    ];
    a.extend(
        INSOLVENT_IN_YEAR_ONE
            .iter()
            .map(|s| s as &dyn AsRef<std::ffi::OsStr>),
    );
    a
}

/// Open at 24 months, and of those the share open at 48, each over the whole range of a share.
const SURVIVAL_24_TO_48: &str =
    include_str!("../../lpo-sim-core/tests/data/survival_24_to_48.toml");

/// A `conditional_survival` target with nobody at risk (every firm insolvent in its first
/// year, so none open at month 24) is `not measured`: no estimate, no implausibility, not
/// counted inside (though its range holds every share), the point ruled out; `--strict`
/// fails naming it, and the JSON has a null estimate, not inside.
#[test]
fn check_reports_conditional_survival_with_nobody_at_risk_as_not_measured() {
    let dir = TempDir::new().unwrap();
    let targets = dir.path().join("survival.toml");
    fs::write(&targets, SURVIVAL_24_TO_48).unwrap();
    let json = dir.path().join("check.json");
    let html = dir.path().join("check.html");
    let check = |strict: bool| {
        let mut a = insolvent_check(&targets);
        a.extend::<[&dyn AsRef<std::ffi::OsStr>; 4]>([&"--json", &json, &"--report", &html]);
        if strict {
            a.push(&"--strict");
        }
        lpo_sim(args(&a))
    };
    let out = check(false).assert_success().assert_stdout_contains(&[
        "ranked implausibility - (cut-off 3): ruled out",
        "1 of 2 targets inside their published range",
    ]);
    let row = |id: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("no row {id}:\n{}", out.stdout))
            .to_owned()
    };
    assert!(row("open_at_24 ").contains("inside"), "{}", out.stdout);
    let between = row("open_24_to_48");
    assert!(
        between.contains("not measured") && !between.contains("inside"),
        "{between}"
    );
    let value = read_json(&json);
    assert_eq!(value["inside"], 1);
    assert_eq!(value["check"]["plausible"], false);
    let c = &value["check"]["checks"][1];
    assert_eq!(c["target"]["id"], "open_24_to_48");
    assert!(c["estimate"]["value"].is_null(), "{c}");
    assert_eq!(c["inside"], false, "{c}");
    assert!(fs::read_to_string(&html).unwrap().contains("not measured"));
    // Not measured is not called outside its range.
    let strict = check(true);
    assert_eq!(strict.code, EXIT_FAILURE, "{}", strict.stderr);
    assert!(
        strict
            .stderr
            .contains("--strict: 1 of 2 targets not measured (no estimate): open_24_to_48")
            && !strict.stderr.contains("outside"),
        "{}",
        strict.stderr
    );
}

/// `--strict` names the targets outside their range and those not measured apart: with every
/// firm insolvent in its first year, open at 24 (0 %) is outside a range of 50 to 100 %, and
/// of those open at 24, open at 48 has nobody at risk.
#[test]
fn strict_check_names_targets_outside_and_not_measured_apart() {
    let dir = TempDir::new().unwrap();
    let targets = dir.path().join("survival.toml");
    let text = SURVIVAL_24_TO_48.replacen("range = [0.0, 1.0]", "range = [0.5, 1.0]", 1);
    assert_ne!(text, SURVIVAL_24_TO_48);
    fs::write(&targets, text).unwrap();
    let mut a = insolvent_check(&targets);
    a.push(&"--strict");
    let out = lpo_sim(args(&a));
    assert_eq!(out.code, EXIT_FAILURE, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "--strict: 1 of 2 targets outside their published range: open_at_24; \
             1 not measured (no estimate): open_24_to_48"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn check_refuses_a_bad_targets_file_naming_the_file_and_field() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bad.toml");
    fs::write(
        &path,
        DEFAULT_TARGETS_TOML.replacen("cutoff = 3.0", "cutoff = -1.0", 1),
    )
    .unwrap();
    lpo_sim(args(&[
        &"calibrate",
        &"check",
        &"--runs",
        &"64",
        &"--targets",
        &path,
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&["bad.toml", "cutoff"]);

    let path = dir.path().join("range.toml");
    fs::write(
        &path,
        DEFAULT_TARGETS_TOML.replacen("range = [0.75, 0.90]", "range = [0.90, 0.75]", 1),
    )
    .unwrap();
    lpo_sim(args(&[
        &"calibrate",
        &"check",
        &"--runs",
        &"64",
        &"--targets",
        &path,
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&["range.toml", "billable_utilisation", "range"]);

    // Too large to be a targets file: refused before it is parsed.
    let path = dir.path().join("big.toml");
    fs::write(&path, "#".repeat(2 << 20)).unwrap();
    lpo_sim(args(&[
        &"calibrate",
        &"check",
        &"--runs",
        &"64",
        &"--targets",
        &path,
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&["big.toml", "larger than 1 MiB"]);

    // A horizon shorter than the targets read: the check runs on to the last month a target
    // reads (here 120) and says so.
    lpo_sim(args(&[
        &"calibrate",
        &"check",
        &"--runs",
        &"16",
        &"--set",
        &"horizon_months=24",
    ]))
    .assert_success()
    .assert_stdout_contains(&["120 months"]);
}

// --------------------------------------------------------------------------------- run

#[test]
fn run_prints_waves_parameters_and_central_member_the_same_on_any_thread_count() {
    let dir = TempDir::new().unwrap();
    let one = tiny_run(dir.path(), "1");
    let out = lpo_sim(tiny(
        "run",
        &[&"--threads", &"2", &"--out", &dir.path().join("two.json")],
    ))
    .assert_success()
    .assert_stdout_contains(&[
        "History match",
        "kept share",
        "ensemble: ",
        "plausible parameter sets",
        "sd share",
        "left free",
        "central member: wave",
        "validation on fresh seeds",
        "shift (half-widths)",
        "held-out seeds (seed ",
        "validation of the central member",
    ]);
    // Two wave lines, numbered.
    let waves: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("   1  ") || l.starts_with("   2  "))
        .collect();
    assert_eq!(waves.len(), 2, "{}", out.stdout);
    assert_eq!(
        fs::read(&one).unwrap(),
        fs::read(dir.path().join("two.json")).unwrap(),
        "--threads 1 and 2 differ"
    );
    let file = read_json(&one);
    assert_eq!(file["waves"].as_array().unwrap().len(), 2);
    assert_eq!(file["manifest"]["settings"]["points_per_wave"], 16);
    assert_eq!(file["manifest"]["settings"]["runs_per_point"], 16);
    assert_eq!(file["validation"]["runs_per_member"], 4096);
    assert_no_temporary_files(dir.path());
}

#[test]
fn run_refuses_bad_settings_and_bad_priors() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("e.json");
    lpo_sim(args(&[
        &"calibrate",
        &"run",
        &"--points",
        &"1",
        &"--out",
        &out,
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&["--points"]);
    let priors = dir.path().join("priors.toml");
    fs::write(
        &priors,
        "[[prior]]\npath = \"clients.no_such_parameter\"\nrange = [0.1, 0.2]\n",
    )
    .unwrap();
    lpo_sim(tiny("run", &[&"--priors", &priors, &"--out", &out]))
        .assert_invalid_input()
        .assert_stderr_contains(&["priors.toml", "no_such_parameter"]);
    assert!(!out.exists());
}

// ---------------------------------------------------------------- init, wave, merge

fn wave(file: &Path, shard: &str, out: &Path) {
    lpo_sim(args(&[
        &"calibrate",
        &"wave",
        &file,
        &"--shard",
        &shard,
        &"--out",
        &out,
    ]))
    .assert_success();
}

#[test]
fn shards_merged_wave_by_wave_equal_the_single_machine_run_byte_for_byte() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let file = d.join("f.json");
    lpo_sim(tiny("init", &[&"--out", &file]))
        .assert_success()
        .assert_stdout_contains(&["no wave run yet"]);
    assert_eq!(read_json(&file)["waves"].as_array().unwrap().len(), 0);

    // Wave 1: the whole wave on one machine, and the same in two shards.
    let whole = d.join("whole1.json");
    wave(&file, "0/1", &whole);
    wave(&file, "0/2", &d.join("a1.json"));
    wave(&file, "1/2", &d.join("b1.json"));
    // Parts in any order; --out may be the calibration file itself.
    lpo_sim(args(&[
        &"calibrate",
        &"merge",
        &file,
        &d.join("b1.json"),
        &d.join("a1.json"),
        &"--out",
        &file,
    ]))
    .assert_success()
    .assert_stdout_contains(&["wave 1 of 2 merged from 2 parts"]);
    assert_eq!(fs::read(&file).unwrap(), fs::read(&whole).unwrap());

    // Wave 2 in three shards, merged from the parts alone.
    for (i, shard) in ["0/3", "1/3", "2/3"].iter().enumerate() {
        wave(&file, shard, &d.join(format!("p{i}.json")));
    }
    let merged = d.join("merged.json");
    lpo_sim(args(&[
        &"calibrate",
        &"merge",
        &d.join("p2.json"),
        &d.join("p0.json"),
        &d.join("p1.json"),
        &"--out",
        &merged,
    ]))
    .assert_success();

    let run = tiny_run(d, "2");
    assert_eq!(
        fs::read(&merged).unwrap(),
        fs::read(&run).unwrap(),
        "init + wave/merge differs from run"
    );

    // A wave of another scenario than the file was made from is refused.
    lpo_sim(args(&[
        &"calibrate",
        &"wave",
        &file,
        &"--set",
        &"finance.founder_draw=999",
        &"--out",
        &d.join("x.json"),
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&["f.json", "scenario fingerprint"]);

    // Every wave has run: no third.
    lpo_sim(args(&[
        &"calibrate",
        &"wave",
        &merged,
        &"--out",
        &d.join("x.json"),
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&["all 2 waves"]);
    assert_no_temporary_files(d);
}

#[test]
fn merge_refuses_missing_duplicate_and_foreign_parts() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let file = d.join("f.json");
    lpo_sim(tiny("init", &[&"--out", &file])).assert_success();
    wave(&file, "0/2", &d.join("a.json"));
    wave(&file, "1/2", &d.join("b.json"));
    let out = d.join("out.json");
    // A missing shard.
    lpo_sim(args(&[
        &"calibrate",
        &"merge",
        &file,
        &d.join("a.json"),
        &"--out",
        &out,
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&["8..16", "no part file"]);
    // The same shard twice.
    lpo_sim(args(&[
        &"calibrate",
        &"merge",
        &d.join("a.json"),
        &d.join("a.json"),
        &"--out",
        &out,
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&["a.json", "same points"]);
    // A part of another history match (another seed).
    let other = d.join("other.json");
    let mut a: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"calibrate", &"init"];
    for t in &TINY[..6] {
        a.push(t);
    }
    // TINY's own seed is 2.
    a.extend_from_slice(&[&"--seed", &"3", &"--out", &other]);
    lpo_sim(args(&a)).assert_success();
    wave(&other, "1/2", &d.join("c.json"));
    lpo_sim(args(&[
        &"calibrate",
        &"merge",
        &d.join("a.json"),
        &d.join("c.json"),
        &"--out",
        &out,
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&["c.json", "settings"]);
    // A part as the output.
    lpo_sim(args(&[
        &"calibrate",
        &"merge",
        &d.join("a.json"),
        &d.join("b.json"),
        &"--out",
        &d.join("a.json"),
    ]))
    .assert_invalid_input();
    assert!(!out.exists(), "nothing written on refusal");
}

/// `file` with `edit` applied to its JSON, carrying the digest of its edited content (as a
/// deliberate forgery would), so that the checks behind the digest are what is tested.
fn edited(file: &Path, to: &Path, edit: impl FnOnce(&mut Value)) {
    let mut value = read_json(file);
    edit(&mut value);
    let text = serde_json::to_string_pretty(&value).unwrap();
    value["digest"] = lpo_sim_core::calibration::CalibrationFile::content_digest(&text)
        .expect("still parses")
        .into();
    fs::write(to, serde_json::to_string_pretty(&value).unwrap()).unwrap();
}

/// `file` with `edit` applied to its JSON and its digest left as it was.
fn tampered(file: &Path, to: &Path, edit: impl FnOnce(&mut Value)) {
    let mut value = read_json(file);
    edit(&mut value);
    fs::write(to, serde_json::to_string_pretty(&value).unwrap()).unwrap();
}

/// Every command that reads `--ensemble FILE`, with small settings.
fn ensemble_readers(file: &Path) -> Vec<Vec<std::ffi::OsString>> {
    let mut commands: Vec<Vec<&dyn AsRef<std::ffi::OsStr>>> = vec![
        vec![&"mc", &"--runs", &"8"],
        vec![
            &"compare",
            &"--strategy",
            &"cautious",
            &"--strategy",
            &"aggressive",
            &"--runs",
            &"8",
        ],
        vec![&"replay", &"--run", &"3"],
        vec![
            &"sweep",
            &"--param",
            &"strategy.rule.qa_share=0.1:0.3:0.2",
            &"--metric",
            &"p_bankrupt",
            &"--runs",
            &"8",
        ],
        vec![
            &"sensitivity",
            &"--param",
            &"founder.savings",
            &"--metric",
            &"p_bankrupt",
            &"--morris-trajectories",
            &"1",
            &"--runs",
            &"8",
        ],
        vec![
            &"tune",
            &"--param",
            &"strategy.rule.qa_share=0.1:0.3",
            &"--objective",
            &"max mean:final_cash",
            &"--iterations",
            &"1",
            &"--population",
            &"4",
            &"--runs",
            &"8",
            &"--validation-runs",
            &"8",
        ],
        vec![
            &"calibrate",
            &"closures",
            &"--horizon",
            &"24",
            &"--runs",
            &"16",
        ],
    ];
    for c in &mut commands {
        c.extend_from_slice(&[&"--ensemble", &file]);
    }
    commands.iter().map(|c| args(c)).collect()
}

#[test]
fn every_reader_accepts_a_sound_calibration_file_and_refuses_a_tampered_one() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let file = tiny_run(d, "2");
    for command in ensemble_readers(&file) {
        lpo_sim(&command).assert_success();
    }
    // The probe's edit: every member of the last wave moved to its box's low corner, the
    // digest left as it was.
    let corner = d.join("corner.json");
    tampered(&file, &corner, |v| {
        let bounds = v["waves"][1]["bounds"].clone();
        for member in v["waves"][1]["plausible"].as_array_mut().unwrap() {
            for (i, value) in member["values"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .enumerate()
            {
                *value = bounds[i][0].clone();
            }
        }
    });
    for command in ensemble_readers(&corner) {
        lpo_sim(&command)
            .assert_invalid_input()
            .assert_stderr_contains(&["corner.json", "changed after it was written"]);
    }
    let out = d.join("out.json");
    lpo_sim(args(&[&"calibrate", &"wave", &corner, &"--out", &out]))
        .assert_invalid_input()
        .assert_stderr_contains(&["corner.json", "changed after it was written"]);
    // An unknown key, at the top and inside a member.
    let key = d.join("key.json");
    tampered(&file, &key, |v| v["note"] = "hand-tuned".into());
    lpo_sim(args(&[&"mc", &"--runs", &"8", &"--ensemble", &key]))
        .assert_invalid_input()
        .assert_stderr_contains(&["key.json", "unknown field `note`"]);
    tampered(&file, &key, |v| {
        v["waves"][0]["plausible"][0]["weight"] = 2.into()
    });
    lpo_sim(args(&[&"mc", &"--runs", &"8", &"--ensemble", &key]))
        .assert_invalid_input()
        .assert_stderr_contains(&[
            "key.json",
            "unknown field `weight`",
            "waves[0].plausible[0]",
        ]);
    // A file without a digest (written by an earlier version).
    let bare = d.join("bare.json");
    tampered(&file, &bare, |v| {
        v.as_object_mut().unwrap().remove("digest");
    });
    lpo_sim(args(&[&"mc", &"--runs", &"8", &"--ensemble", &bare]))
        .assert_invalid_input()
        .assert_stderr_contains(&["bare.json", "has no digest", "calibrate run"]);
    // One flipped bit in a member's value ('5' and '4' differ by one bit); not one in a
    // digit that is not there.
    let text = fs::read_to_string(&file).unwrap();
    let at = text.find("\"values\": [").unwrap();
    let digit = at + text[at..].find(['4', '5']).unwrap();
    let mut bytes = text.into_bytes();
    bytes[digit] ^= 1;
    let flipped = d.join("flipped.json");
    fs::write(&flipped, bytes).unwrap();
    lpo_sim(args(&[&"mc", &"--runs", &"8", &"--ensemble", &flipped]))
        .assert_invalid_input()
        .assert_stderr_contains(&["flipped.json", "changed after it was written"]);
}

#[test]
fn ensemble_refuses_an_unfinished_history_match_and_another_scenario() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    // One of the two waves run (the probe's case: a file cut short).
    let file = d.join("f.json");
    lpo_sim(tiny("init", &[&"--out", &file])).assert_success();
    let part = d.join("part.json");
    wave(&file, "0/1", &part);
    lpo_sim(args(&[
        &"calibrate",
        &"merge",
        &file,
        &part,
        &"--out",
        &file,
    ]))
    .assert_success();
    for command in ensemble_readers(&file) {
        lpo_sim(&command)
            .assert_invalid_input()
            .assert_stderr_contains(&[
                "f.json",
                "unfinished history match (1 of its 2 waves have run)",
                "calibrate wave",
            ]);
    }
    // Its part file is not an ensemble either.
    lpo_sim(args(&[&"mc", &"--runs", &"8", &"--ensemble", &part]))
        .assert_invalid_input()
        .assert_stderr_contains(&["part.json"]);

    // A finished file made on the default scenario, used on another one.
    let finished = tiny_run(d, "2");
    let foreign = lpo_sim(args(&[
        &"mc",
        &"--runs",
        &"8",
        &"--set",
        &"founder.savings=20000",
        &"--ensemble",
        &finished,
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&[
        "calibrated on another scenario",
        "`founder.savings` is 20000 here, 30000 in the calibration's base scenario",
        "calibrate run",
    ]);
    assert!(!foreign.stderr.contains("more)"), "{}", foreign.stderr);
    // Up to three differences are named, the rest counted.
    lpo_sim(args(&[
        &"mc",
        &"--runs",
        &"8",
        &"--set",
        &"founder.savings=20000",
        &"--set",
        &"founder.outside_pay=700",
        &"--set",
        &"founder.network_contacts=30",
        &"--set",
        &"founder.lpo_years=8",
        &"--ensemble",
        &finished,
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&[
        "`founder.lpo_years` is 8 here, 5 in the calibration's base scenario; `founder.savings`",
        "`founder.outside_pay` is 700 here, 750",
        "(and 1 more)",
    ]);
    // Only what the world is must match: a study of another length uses the same ensemble.
    let scenario = common::write_scenario(
        d,
        "long.toml",
        &common::with_line_replaced("", "horizon_months", "horizon_months = 72"),
    );
    lpo_sim(args(&[
        &"mc",
        &scenario,
        &"--runs",
        &"8",
        &"--ensemble",
        &finished,
    ]))
    .assert_success();
    // A calibrated parameter may differ: every member sets its own value.
    lpo_sim(args(&[
        &"mc",
        &"--runs",
        &"8",
        &"--set",
        &"lines.data_organisation.hours_per_unit=5",
        &"--ensemble",
        &finished,
    ]))
    .assert_success();
}

#[test]
fn merge_refuses_an_edited_wave_part() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let file = d.join("f.json");
    lpo_sim(tiny("init", &[&"--out", &file])).assert_success();
    let (a, b) = (d.join("a.json"), d.join("b.json"));
    wave(&file, "0/2", &a);
    wave(&file, "1/2", &b);
    let kept = |part: &Path| {
        read_json(part)["waves"][0]["plausible"]
            .as_array()
            .unwrap()
            .len()
    };
    let part = if kept(&a) > 0 { &a } else { &b };
    assert!(kept(part) > 0, "neither part kept a point");
    // A member moved inside its box, and an estimate ×1.5: both stay within every bound.
    let moved = d.join("moved.json");
    tampered(part, &moved, |v| {
        let bounds = v["waves"][0]["bounds"][0].clone();
        let (low, high) = (bounds[0].as_f64().unwrap(), bounds[1].as_f64().unwrap());
        v["waves"][0]["plausible"][0]["values"][0] = ((low + high) / 2.0).into();
    });
    let scaled = d.join("scaled.json");
    tampered(part, &scaled, |v| {
        let estimate = &mut v["waves"][0]["plausible"][0]["estimates"][0];
        *estimate = (estimate.as_f64().unwrap() * 1.5).into();
    });
    let other = if part == &a { &b } else { &a };
    let out = d.join("out.json");
    for edited_part in [&moved, &scaled] {
        let name = edited_part
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        lpo_sim(args(&[
            &"calibrate",
            &"merge",
            &file,
            edited_part,
            other,
            &"--out",
            &out,
        ]))
        .assert_invalid_input()
        .assert_stderr_contains(&[&name, "changed after it was written"]);
    }
    assert!(!out.exists(), "nothing written on refusal");
}

#[test]
fn a_damaged_calibration_file_is_refused_naming_the_file_and_the_field() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let file = tiny_run(d, "2");
    let out = d.join("out.json");

    let cutoff = d.join("cutoff.json");
    edited(&file, &cutoff, |v| v["waves"][0]["cutoff"] = 1.5.into());
    lpo_sim(args(&[&"calibrate", &"wave", &cutoff, &"--out", &out]))
        .assert_invalid_input()
        .assert_stderr_contains(&["cutoff.json", "waves[0].cutoff"]);

    let value = d.join("value.json");
    edited(&file, &value, |v| {
        v["waves"][1]["plausible"][0]["values"][0] = 1e9.into();
    });
    lpo_sim(args(&[&"mc", &"--runs", &"64", &"--ensemble", &value]))
        .assert_invalid_input()
        .assert_stderr_contains(&["value.json", "waves[1].plausible[0].values"]);

    let huge = d.join("huge.json");
    edited(&file, &huge, |v| {
        v["manifest"]["settings"]["points_per_wave"] = 1_000_000_000_000u64.into();
    });
    lpo_sim(args(&[&"calibrate", &"wave", &huge, &"--out", &out]))
        .assert_invalid_input()
        .assert_stderr_contains(&["huge.json", "manifest.settings.points_per_wave"]);

    let text = d.join("text.json");
    fs::write(&text, "{\"manifest\": 3}").unwrap();
    lpo_sim(args(&[&"mc", &"--runs", &"64", &"--ensemble", &text]))
        .assert_invalid_input()
        .assert_stderr_contains(&["text.json", "manifest"]);

    // Written before calibration files recorded the rule validation keeps members by.
    let old = d.join("old.json");
    tampered(&file, &old, |v| {
        let settings = &mut v["manifest"]["targets"]["implausibility"];
        assert!(
            settings
                .as_object_mut()
                .unwrap()
                .remove("validation_inside_every_range")
                .is_some()
        );
    });
    lpo_sim(args(&[&"mc", &"--runs", &"64", &"--ensemble", &old]))
        .assert_invalid_input()
        .assert_stderr_contains(&[
            "old.json",
            "manifest.targets.implausibility.validation_inside_every_range",
            "lpo-sim calibrate run",
        ]);

    let missing = d.join("missing.json");
    lpo_sim(args(&[&"mc", &"--runs", &"64", &"--ensemble", &missing]))
        .assert_invalid_input()
        .assert_stderr_contains(&["missing.json"]);

    // A calibration file without any wave is unfinished.
    let empty = d.join("empty.json");
    lpo_sim(tiny("init", &[&"--out", &empty])).assert_success();
    lpo_sim(args(&[&"mc", &"--runs", &"64", &"--ensemble", &empty]))
        .assert_invalid_input()
        .assert_stderr_contains(&["empty.json", "unfinished history match"]);
    // A finished one whose waves kept no point has no plausible member.
    let none = d.join("none.json");
    edited(&file, &none, |v| {
        for wave in v["waves"].as_array_mut().unwrap() {
            wave["plausible"] = Value::Array(Vec::new());
        }
        v.as_object_mut().unwrap().remove("validation");
    });
    lpo_sim(args(&[&"mc", &"--runs", &"64", &"--ensemble", &none]))
        .assert_invalid_input()
        .assert_stderr_contains(&["none.json", "no plausible parameter set"]);
    assert!(!out.exists());
}

// -------------------------------------------------------------------------- mc --ensemble

/// A tiny calibration run's file in `d` and how many plausible members it kept.
fn tiny_ensemble(d: &Path) -> (PathBuf, usize) {
    let ensemble = tiny_run(d, "2");
    let members = lpo_sim_core::calibration::CalibrationFile::from_path(&ensemble)
        .unwrap()
        .members()
        .count();
    (ensemble, members)
}

#[test]
fn mc_over_an_ensemble_reports_the_odds_across_plausible_worlds() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (ensemble, members) = tiny_ensemble(d);
    assert!(
        members >= 2,
        "the tiny run keeps {members} members: pick another seed"
    );
    let mut files = Vec::new();
    for threads in ["1", "2"] {
        let json = d.join(format!("mc{threads}.json"));
        let out = lpo_sim(args(&[
            &"mc",
            &"--runs",
            &"600",
            &"--threads",
            &threads,
            &"--ensemble",
            &ensemble,
            &"--json",
            &json,
        ]))
        .assert_success()
        .assert_stdout_contains(&[
            "across plausible worlds",
            &format!("one of the {members} plausible parameter sets"),
            "P(bankrupt)",
            "P(closed)",
            "P(open)",
            "members' median",
            "members P10 to P90",
        ]);
        assert!(out.stdout.contains(&ensemble.display().to_string()));
        files.push(fs::read(&json).unwrap());
    }
    assert_eq!(files[0], files[1], "--threads 1 and 2 differ");
    let json: Value = serde_json::from_slice(&files[0]).unwrap();
    let e = &json["summary"]["ensemble"];
    assert_eq!(e["members"].as_u64(), Some(members as u64));
    for key in ["bankruptcy", "closure", "open"] {
        let spread = &e[key];
        let (p10, median, p90) = (
            spread["p10"].as_f64().unwrap(),
            spread["median"].as_f64().unwrap(),
            spread["p90"].as_f64().unwrap(),
        );
        assert!(p10 <= median && median <= p90, "{key}: {spread}");
    }
    assert!(json["manifest"]["ensemble"].is_string());

    // The HTML report has the section too; plain mc has it in neither.
    let html = d.join("mc.html");
    lpo_sim(args(&[
        &"mc",
        &"--runs",
        &"600",
        &"--ensemble",
        &ensemble,
        &"--report",
        &html,
    ]))
    .assert_success();
    let report = fs::read_to_string(&html).unwrap();
    assert!(report.contains("Across plausible worlds"));
    // The header names the file by its name: a report does not say where it sat.
    assert!(report.contains(&format!(
        "across the plausible parameter sets of <code>{}</code>",
        ensemble.file_name().unwrap().to_string_lossy()
    )));
    assert!(!report.contains(&ensemble.display().to_string()));
    let plain_html = d.join("plain.html");
    let plain =
        lpo_sim(args(&[&"mc", &"--runs", &"600", &"--report", &plain_html])).assert_success();
    assert!(!plain.stdout.contains("across plausible worlds"));
    assert!(
        !fs::read_to_string(&plain_html)
            .unwrap()
            .contains("Across plausible worlds")
    );

    // Shards over the ensemble merge into the whole study, per-member tallies included.
    for shard in ["0/2", "1/2"] {
        lpo_sim(args(&[
            &"mc",
            &"--runs",
            &"600",
            &"--shard",
            &shard,
            &"--ensemble",
            &ensemble,
            &"--json",
            &d.join(format!("s{}.json", &shard[..1])),
        ]))
        .assert_success();
    }
    let merged = d.join("merged.json");
    lpo_sim(args(&[
        &"merge",
        &d.join("s0.json"),
        &d.join("s1.json"),
        &"--json",
        &merged,
    ]))
    .assert_success()
    .assert_stdout_contains(&["across plausible worlds"]);
    assert_eq!(fs::read(&merged).unwrap(), files[0]);

    // A shard without the ensemble does not merge with one over it.
    lpo_sim(args(&[
        &"mc",
        &"--runs",
        &"600",
        &"--shard",
        &"1/2",
        &"--json",
        &d.join("plain1.json"),
    ]))
    .assert_success();
    lpo_sim(args(&[
        &"merge",
        &d.join("s0.json"),
        &d.join("plain1.json"),
        &"--json",
        &d.join("x.json"),
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&["ensemble"]);
}

// -------------------------------------------------------------------------------- Ctrl-C

#[cfg(unix)]
#[test]
fn ctrl_c_during_run_keeps_the_finished_waves() {
    use common::{EXIT_INTERRUPTED, read_all, sigint, spawn_lpo_sim, wait_for_exit};
    use std::io::{BufRead, BufReader, Read};
    use std::process::Stdio;
    use std::time::Duration;

    let dir = TempDir::new().unwrap();
    let out = dir.path().join("e.json");
    let mut child = spawn_lpo_sim(
        args(&[
            &"calibrate",
            &"run",
            &"--waves",
            &"60",
            &"--points",
            &"64",
            &"--runs-per-point",
            &"32",
            &"--seed",
            &"1",
            &"--threads",
            &"2",
            &"--out",
            &out,
        ]),
        Stdio::piped(),
        Stdio::piped(),
    );
    // Wait for the first wave's line, then press Ctrl-C.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        let n = stdout.read_line(&mut line).unwrap();
        seen.push_str(&line);
        assert!(n > 0, "the run ended before its first wave:\n{seen}");
        if line.starts_with("   1  ") {
            break;
        }
    }
    sigint(&child);
    stdout.read_to_string(&mut seen).unwrap();
    let status = wait_for_exit(
        &mut child,
        Duration::from_secs(120),
        "calibrate run did not stop after Ctrl-C",
    );
    let stderr = read_all(child.stderr.take());
    assert_eq!(status.code(), Some(EXIT_INTERRUPTED), "{stderr}");
    assert!(stderr.contains("waves finished"), "{stderr}");
    let file = read_json(&out);
    let waves = file["waves"].as_array().unwrap().len();
    assert!((1..60).contains(&waves), "{waves} waves kept");
    assert!(seen.contains("ensemble"), "{seen}");
    assert_no_temporary_files(dir.path());
    // The file continues: its next wave runs from it (one point of it here).
    lpo_sim(args(&[
        &"calibrate",
        &"wave",
        &out,
        &"--shard",
        &"0/64",
        &"--out",
        &dir.path().join("next.json"),
    ]))
    .assert_success()
    .assert_stdout_contains(&[&format!("wave {} of 60", waves + 1)]);
}

#[test]
fn analyses_over_an_ensemble_say_so_and_pool_the_plausible_worlds() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (ensemble, members) = tiny_ensemble(d);
    let over = format!("one of the {members} plausible parameter sets of");
    // Sweep: the same bytes on 1 and 2 threads, the ensemble in the table and the JSON, and
    // other numbers than without it.
    let sweep = |threads: &str, with_ensemble: bool| -> (String, Value) {
        let json = d.join(format!("sweep-{threads}-{with_ensemble}.json"));
        let mut a: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
            &"sweep",
            &"--param",
            &"strategy.rule.qa_share=0.1:0.3:0.2",
            &"--metric",
            &"mean:final_cash",
            &"--runs",
            &"200",
            &"--threads",
            &threads,
            &"--json",
            &json,
        ];
        if with_ensemble {
            a.extend_from_slice(&[&"--ensemble", &ensemble]);
        }
        let out = lpo_sim(args(&a)).assert_success();
        (out.stdout, read_json(&json))
    };
    let (table, json) = sweep("1", true);
    assert!(table.contains("across plausible worlds"), "{table}");
    assert!(table.contains(&over), "{table}");
    assert!(table.contains(&ensemble.display().to_string()), "{table}");
    assert_eq!(json["ensemble"]["members"].as_u64(), Some(members as u64));
    assert!(json["ensemble"]["fingerprint"].is_string());
    assert_eq!(sweep("2", true).1, json, "--threads 1 and 2 differ");
    let (plain_table, plain) = sweep("2", false);
    assert!(!plain_table.contains("across plausible worlds"));
    assert!(plain.get("ensemble").is_none());
    assert_ne!(plain["points"], json["points"]);

    // Sensitivity and tune say so too, in the table and the JSON. Neither varies one of the
    // file's parameters here, so all of them vary by member.
    let paths = lpo_sim_core::calibration::CalibrationFile::from_path(&ensemble)
        .unwrap()
        .ensemble()
        .expect("a complete file has an ensemble")
        .paths;
    let sensitivity = |factor: &str, name: &str| -> (String, Value) {
        let json = d.join(name);
        let out = lpo_sim(args(&[
            &"sensitivity",
            &"--param",
            &factor,
            &"--metric",
            &"mean:final_cash",
            &"--runs",
            &"50",
            &"--morris-trajectories",
            &"1",
            &"--ensemble",
            &ensemble,
            &"--json",
            &json,
        ]))
        .assert_success();
        (out.stdout, read_json(&json))
    };
    let (table, json) = sensitivity("strategy.rule.qa_share", "sensitivity.json");
    assert!(table.contains(&over), "{table}");
    assert_eq!(json["ensemble"]["members"].as_u64(), Some(members as u64));
    assert_eq!(
        json["ensemble"]["varying"].as_u64(),
        Some(paths.len() as u64)
    );
    let json = d.join("tune.json");
    let out = lpo_sim(args(&[
        &"tune",
        &"--param",
        &"strategy.rule.qa_share=0.1:0.3",
        &"--objective",
        &"max mean:final_cash",
        &"--iterations",
        &"2",
        &"--population",
        &"4",
        &"--runs",
        &"50",
        &"--validation-runs",
        &"50",
        &"--ensemble",
        &ensemble,
        &"--json",
        &json,
    ]))
    .assert_success();
    assert!(out.stdout.contains(&over), "{}", out.stdout);
    let json = read_json(&json);
    assert_eq!(json["ensemble"]["members"].as_u64(), Some(members as u64));
    assert_eq!(
        json["ensemble"]["varying"].as_u64(),
        Some(paths.len() as u64)
    );

    // A factor that is one of the file's parameters keeps the analysis' values: one fewer of
    // the file's parameters varies by member, and the table says the others' values are the
    // members'.
    let (table, json) = sensitivity(&paths[0], "own-factor.json");
    assert!(table.contains("each replicate's member's"), "{table}");
    assert_eq!(
        json["ensemble"]["varying"].as_u64(),
        Some(paths.len() as u64 - 1)
    );

    // A sensitivity of every parameter varies all of the file's: its members would change
    // nothing, which is refused.
    lpo_sim(args(&[
        &"sensitivity",
        &"--metric",
        &"p_bankrupt",
        &"--runs",
        &"10",
        &"--ensemble",
        &ensemble,
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&["would change nothing", "--param"]);

    // The ensemble is an input: an output may not overwrite it.
    lpo_sim(args(&[
        &"sweep",
        &"--param",
        &"strategy.rule.qa_share=0.1:0.3:0.2",
        &"--metric",
        &"p_bankrupt",
        &"--runs",
        &"10",
        &"--ensemble",
        &ensemble,
        &"--json",
        &ensemble,
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&["--json"]);
}

#[test]
fn replay_over_an_ensemble_reruns_the_replicate_with_its_member() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let ensemble = tiny_run(d, "2");
    let csv_dir = d.join("study");
    lpo_sim(args(&[
        &"mc",
        &"--runs",
        &"200",
        &"--seed",
        &"4",
        &"--ensemble",
        &ensemble,
        &"--csv",
        &csv_dir,
    ]))
    .assert_success();
    let (header, rows) = common::csv_rows(&csv_dir.join("replicates.csv"));
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let replay = |run: &str, with_ensemble: bool| -> Value {
        let mut a: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
            &"replay",
            &"--seed",
            &"4",
            &"--run",
            &run,
            &"--format",
            &"json",
        ];
        if with_ensemble {
            a.extend_from_slice(&[&"--ensemble", &ensemble]);
        }
        serde_json::from_str(&lpo_sim(args(&a)).assert_success().stdout).unwrap()
    };
    let mut differs = false;
    for run in ["3", "77", "150"] {
        let row = &rows[run.parse::<usize>().unwrap()];
        let json = replay(run, true);
        assert!(
            json["scenario"]
                .as_str()
                .is_some_and(|s| s.contains("plausible member")),
            "{}",
            json["scenario"]
        );
        for name in ["final_cash", "total_revenue"] {
            let from_csv: f64 = row[column(name)].parse().unwrap();
            assert_eq!(
                json["outcome"][name].as_f64(),
                Some(from_csv),
                "run {run} {name}"
            );
        }
        // Without the ensemble the replay is another firm (the base scenario's).
        let plain = replay(run, false);
        differs |= plain["outcome"]["final_cash"] != json["outcome"]["final_cash"];
    }
    assert!(
        differs,
        "the members made no difference to any replayed firm"
    );
}

#[test]
fn compare_over_an_ensemble_leaves_the_parameters_the_arms_vary_to_the_arms() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (ensemble, _) = tiny_ensemble(d);
    let json = d.join("variants.json");
    // A calibrated parameter: each member sets it, so without leaving it to the arms the
    // variant would be overwritten and the arms would be identical.
    let path = "lines.data_organisation.hours_per_unit";
    let variant = format!("slow: {path}=7.5");
    let same = "same: horizon_months=24".to_owned();
    lpo_sim(args(&[
        &"compare",
        &"--set",
        &"horizon_months=24",
        &"--variant",
        &variant,
        &"--variant",
        &same,
        &"--runs",
        &"300",
        &"--ensemble",
        &ensemble,
        &"--json",
        &json,
    ]))
    .assert_success()
    .assert_stdout_contains(&["the arms keep their own", path, "variant slow"]);
    let file = read_json(&json);
    assert_eq!(file["ensemble_left_to_arms"], serde_json::json!([path]));
    let pairs = &file["comparison"]["pairs"];
    assert_ne!(
        pairs[0]["outcomes"]["total_revenue"]["mean_difference"],
        0.0
    );
    // The same member for replicate k in every arm: an arm equal to the baseline differs by
    // exactly nothing.
    assert_eq!(pairs[1]["outcomes"]["final_cash"]["mean_difference"], 0.0);
    assert_eq!(pairs[1]["odds"]["bankrupt"]["mean_difference"], 0.0);
}

#[test]
fn compare_over_an_ensemble_reports_each_strategys_odds_across_plausible_worlds() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let ensemble = tiny_run(d, "2");
    let mut files = Vec::new();
    for threads in ["1", "2"] {
        let json = d.join(format!("cmp{threads}.json"));
        let out = lpo_sim(args(&[
            &"compare",
            &"--strategy",
            &"cautious",
            &"--strategy",
            &"aggressive",
            &"--runs",
            &"300",
            &"--threads",
            &threads,
            &"--ensemble",
            &ensemble,
            &"--json",
            &json,
        ]))
        .assert_success()
        .assert_stdout_contains(&["strategy cautious", "strategy aggressive"]);
        assert_eq!(out.stdout.matches("across plausible worlds").count(), 2);
        files.push(fs::read(&json).unwrap());
    }
    assert_eq!(files[0], files[1], "--threads 1 and 2 differ");
    let text = String::from_utf8(files.remove(0)).unwrap();
    assert_eq!(
        text.matches("\"members_measured\"").count(),
        2,
        "one per strategy"
    );
    // Without the ensemble: no such section.
    let plain = lpo_sim(args(&[
        &"compare",
        &"--strategy",
        &"cautious",
        &"--strategy",
        &"aggressive",
        &"--runs",
        &"300",
    ]))
    .assert_success();
    assert!(!plain.stdout.contains("across plausible worlds"));
}

// ----------------------------------------------------------------------------- holdout

#[test]
fn holdout_checks_the_ensemble_on_fresh_seeds_and_refuses_an_unvalidated_file() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (ensemble, members) = tiny_ensemble(d);
    let run = |seed: &str| {
        lpo_sim(args(&[
            &"calibrate",
            &"holdout",
            &ensemble,
            &"--runs",
            &"64",
            &"--seed",
            &seed,
        ]))
        .assert_success()
        .assert_stdout_contains(&[
            "held-out seeds (seed ",
            "ensemble members stay plausible",
            &format!("of {members} have every estimate inside"),
        ])
        .stdout
    };
    let text = run("11");
    assert_eq!(
        text.matches("ranked implausibility").count(),
        members,
        "{text}"
    );
    assert_eq!(text, run("11"), "the same seed gives the same check");
    // An unfinished file has no validated ensemble to hold out: exit 2, naming it.
    let unfinished = d.join("unfinished.json");
    lpo_sim(tiny("init", &[&"--out", &unfinished])).assert_success();
    lpo_sim(args(&[&"calibrate", &"holdout", &unfinished]))
        .assert_invalid_input()
        .assert_stderr_contains(&["unfinished.json", "not validated"]);
}

#[test]
fn closures_over_an_ensemble_profile_every_member_on_the_same_seeds() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (ensemble, members) = tiny_ensemble(d);
    let run = |threads: &str| {
        lpo_sim(args(&[
            &"calibrate",
            &"closures",
            &"--horizon",
            &"36",
            &"--runs",
            &"64",
            &"--threads",
            &threads,
            &"--ensemble",
            &ensemble,
        ]))
        .assert_success()
        .assert_stdout_contains(&["across the plausible worlds of", "top÷bottom"])
        .stdout
    };
    let text = run("1");
    let table = text.split("across the plausible worlds of").nth(1).unwrap();
    // The header, then one line per member, named by wave and point in the file's order.
    let file = lpo_sim_core::calibration::CalibrationFile::from_path(&ensemble).unwrap();
    let names: Vec<String> = file
        .members()
        .map(|m| format!("w{} p{}", m.wave, m.index))
        .collect();
    let rows: Vec<&str> = table.lines().skip(2).filter(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), members, "{table}");
    for (row, name) in rows.iter().zip(&names) {
        assert!(
            row.trim_start().starts_with(name.as_str()),
            "{row} / {name}"
        );
    }
    assert_eq!(text, run("2"), "the same profile on any thread count");
    // JSON: one profile per member.
    let json = lpo_sim(args(&[
        &"calibrate",
        &"closures",
        &"--horizon",
        &"36",
        &"--runs",
        &"64",
        &"--ensemble",
        &ensemble,
        &"--json",
        &"-",
    ]))
    .assert_success()
    .stdout;
    let value: Value = serde_json::from_str(&json).unwrap();
    let listed = value["members"].as_array().unwrap();
    assert_eq!(listed.len(), members);
    for (m, name) in listed.iter().zip(&names) {
        assert_eq!(&format!("w{} p{}", m["wave"], m["point"]), name);
        assert!(m["profile"]["by_year"].is_array(), "{m}");
    }
    assert!(value["ensemble"].as_str().unwrap().ends_with(".json"));
}
