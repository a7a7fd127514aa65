//! The fuzz targets' bodies (`fuzz/src/lib.rs`, run by `cargo fuzz` with libFuzzer) over
//! their seed corpus and every past finding (`fuzz/regressions/`), on stable, in CI: a
//! finding once fixed stays fixed. See the README's "Fuzzing" section for the real runs.

#[path = "../../fuzz/src/lib.rs"]
mod bodies;

use std::path::Path;

/// Runs `body` on every file of `fuzz/{corpus,regressions}/<target>`; returns how many.
fn replay(target: &str, body: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut count = 0;
    for kind in ["corpus", "regressions"] {
        let dir = root.join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            let data = std::fs::read(&path).unwrap();
            // A panic names the input that caused it.
            eprintln!("{}", path.display());
            body(&data);
            count += 1;
        }
    }
    count
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
