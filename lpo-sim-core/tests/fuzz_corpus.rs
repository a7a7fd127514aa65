//! The fuzz targets' bodies (`fuzz/src/lib.rs`, run by `cargo fuzz` with libFuzzer) over
//! their seed corpus and every past finding (`fuzz/regressions/`), on stable, in CI: a
//! finding once fixed stays fixed. See the README's "Fuzzing" section for the real runs.
//!
//! The seeds themselves must also still read: a seed the current code refuses (a field added
//! since it was written, a rule it breaks) never takes the fuzzer past parsing, and the body
//! returns early without a sound, so only this check notices the corpus going stale.

#[path = "../../fuzz/src/lib.rs"]
mod bodies;

use lpo_sim_core::Scenario;
use lpo_sim_core::calibration::CalibrationFile;
use lpo_sim_core::mc::StudyFile;
use std::path::{Path, PathBuf};

/// The files of `fuzz/<kind>/<target>`, in name order, without dot files (`.keep`).
fn files(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz")
        .join(kind)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    paths
}

/// Runs `body` on every file of `fuzz/{corpus,regressions}/<target>`; returns how many.
fn replay(target: &str, body: fn(&[u8])) -> usize {
    let mut count = 0;
    for kind in ["corpus", "regressions"] {
        for path in files(kind, target) {
            let data = std::fs::read(&path).unwrap();
            // A panic names the input that caused it.
            eprintln!("{}", path.display());
            body(&data);
            count += 1;
        }
    }
    count
}

/// A seed whose file name starts with this is meant to be refused (an input for the error
/// paths); every other seed must read.
const REFUSED_ON_PURPOSE: &str = "invalid-";

/// Reads every seed of `fuzz/corpus/<target>` with `read` (the target's parser, as its body
/// first calls it) and requires each to read, but those named `invalid-*`, which must not;
/// at least one seed must read. Prints which read. Returns how many read.
fn seeds_read(target: &str, read: fn(&str, &str) -> Result<(), String>) -> usize {
    let mut read_ok = 0;
    let mut stale = Vec::new();
    for path in files("corpus", target) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: not UTF-8 text: {e}", path.display()));
        let result = read(&text, &name);
        eprintln!(
            "{}: {}",
            path.display(),
            match &result {
                Ok(()) => "reads".to_owned(),
                Err(e) => format!("refused: {e}"),
            }
        );
        match (result, name.starts_with(REFUSED_ON_PURPOSE)) {
            (Ok(()), false) => read_ok += 1,
            (Err(_), true) => {}
            (Ok(()), true) => {
                stale.push(format!("{name} reads, but is named {REFUSED_ON_PURPOSE}*"))
            }
            (Err(e), false) => stale.push(format!("{name}: {e}")),
        }
    }
    assert!(
        stale.is_empty(),
        "fuzz/corpus/{target} is stale: the fuzzer would stop at parsing these seeds; \
         write them again with `cargo build --release -p lpo-sim-cli && fuzz/make-seeds.sh` \
         (README, \"Fuzzing\"):\n{}",
        stale.join("\n")
    );
    assert!(read_ok >= 1, "fuzz/corpus/{target} has no seed that reads");
    read_ok
}

/// As the scenario body reads: as TOML or as JSON.
fn read_scenario(text: &str, name: &str) -> Result<(), String> {
    let toml = Scenario::from_toml_str(text, name).map(drop);
    let json = Scenario::from_json_str(text, name).map(drop);
    match (toml, json) {
        (Err(t), Err(j)) => Err(format!("as TOML: {t}; as JSON: {j}")),
        _ => Ok(()),
    }
}

fn read_study_file(text: &str, name: &str) -> Result<(), String> {
    StudyFile::from_json(text, name)
        .map(drop)
        .map_err(|e| e.to_string())
}

fn read_calibration_file(text: &str, name: &str) -> Result<(), String> {
    CalibrationFile::from_json(text, name)
        .map(drop)
        .map_err(|e| e.to_string())
}

#[test]
fn scenario_target_survives_its_corpus_and_past_findings() {
    assert!(replay("scenario", bodies::scenario) >= 3);
}

#[test]
fn study_file_target_survives_its_corpus_and_past_findings() {
    assert!(replay("study_file", bodies::study_file) >= 3);
}

#[test]
fn calibration_file_target_survives_its_corpus_and_past_findings() {
    assert!(replay("calibration_file", bodies::calibration_file) >= 3);
}

#[test]
fn scenario_seeds_read() {
    assert!(seeds_read("scenario", read_scenario) >= 3);
}

#[test]
fn study_file_seeds_read() {
    assert!(seeds_read("study_file", read_study_file) >= 3);
}

#[test]
fn calibration_file_seeds_read() {
    assert!(seeds_read("calibration_file", read_calibration_file) >= 3);
}
