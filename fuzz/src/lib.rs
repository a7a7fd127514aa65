//! The bodies of the fuzz targets, kept apart from libFuzzer so that lpo-sim-core's
//! `fuzz_corpus` test runs them on stable over the corpus and every past finding.

use lpo_sim_core::calibration::{CalibrationFile, merge_wave_parts};
use lpo_sim_core::mc::{McState, StudyFile, merge_shards};
use lpo_sim_core::{BuiltinStrategy, Scenario, Simulation};

/// Scenario text, read as TOML and as JSON; each scenario that loads must also run three
/// months with its own built-in strategy. Any panic or abort is a finding.
pub fn scenario(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for loaded in [
        Scenario::from_toml_str(text, "fuzz.toml"),
        Scenario::from_json_str(text, "fuzz.json"),
    ] {
        let Ok(scenario) = loaded else { continue };
        // What loads is valid, and stays so when written out and read back.
        assert_eq!(scenario.validate().map_err(|e| e.to_string()), Ok(()));
        let again = Scenario::from_toml_str(&scenario.to_toml_string(), "again.toml")
            .expect("a loaded scenario reads back from its own TOML");
        assert_eq!(again.fingerprint(), scenario.fingerprint());
        let strategy: BuiltinStrategy = scenario.strategy.name;
        let rule = scenario.strategy.rule;
        let mut simulation = Simulation::new(&scenario, strategy.build(&rule), 7)
            .expect("a valid scenario builds a simulation");
        for _ in 0..3 {
            // A strategy error or the work limit are answers, not crashes.
            match simulation.step() {
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => break,
            }
        }
    }
}

/// Study-file text, read as `lpo-sim merge` reads it: as given, and again with the digest
/// its content gives, so that mutations get past the digest to the structural checks. What
/// reads must write back the same bytes and merge; nothing may panic, abort or allocate
/// without bound.
pub fn study_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    read_and_merge(text);
    let Ok(digest) = StudyFile::content_digest(text) else {
        return;
    };
    // The digest is `"fnv1a64:` and 16 hex digits; put the content's in its place.
    if let Some(at) = text.find("\"fnv1a64:") {
        let (start, end) = (at + 1, at + 1 + digest.len());
        if text.is_char_boundary(end) && end <= text.len() {
            read_and_merge(&format!("{}{digest}{}", &text[..start], &text[end..]));
        }
    }
}

fn read_and_merge(text: &str) {
    let Ok(file) = StudyFile::from_json(text, "fuzz.json") else {
        return;
    };
    let json = file.to_json();
    let again =
        StudyFile::from_json(&json, "again.json").expect("what was read writes back readable");
    assert_eq!(
        again.to_json(),
        json,
        "reading and writing again changed the file"
    );
    // Merging into an empty state changes nothing.
    let mut state = McState::new(file.state.horizon_months);
    state.merge(&file.state);
    assert_eq!(state, file.state, "merging into an empty state changed it");
    // Alone, a complete file merges into itself; twice, it overlaps.
    let twice = merge_shards(vec![
        ("a".to_owned(), file.clone()),
        ("b".to_owned(), file.clone()),
    ]);
    assert!(twice.is_err(), "a file merged with itself");
    if let Ok(merged) = merge_shards(vec![("a".to_owned(), file)]) {
        StudyFile::from_json(&merged.to_json(), "merged.json").expect("a merged file reads back");
    }
}

/// Calibration-file text, read as `--ensemble` and `calibrate merge` read it: as given, and
/// again with the digest its content gives, so that mutations get past the digest to the
/// structural checks. What reads must write back the same bytes, apply its members to its own
/// base scenario, and merge as a wave's only part; nothing may panic, abort or allocate
/// without bound.
pub fn calibration_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    read_calibration(text);
    let Ok(digest) = CalibrationFile::content_digest(text) else {
        return;
    };
    // The digest is `"fnv1a64:` and 16 hex digits; put the content's in its place.
    if let Some(at) = text.rfind("\"fnv1a64:") {
        let (start, end) = (at + 1, at + 1 + digest.len());
        if text.is_char_boundary(end) && end <= text.len() {
            read_calibration(&format!("{}{digest}{}", &text[..start], &text[end..]));
        }
    }
}

fn read_calibration(text: &str) {
    let Ok(file) = CalibrationFile::from_json(text, "fuzz.json") else {
        return;
    };
    let json = file.to_json();
    let again = CalibrationFile::from_json(&json, "again.json")
        .expect("what was read writes back readable");
    assert_eq!(
        again.to_json(),
        json,
        "reading and writing again changed the file"
    );
    let base = &file.manifest.base_scenario;
    assert!(
        file.differences_from(base).is_empty(),
        "a file differs from its own base scenario"
    );
    // Members inside the priors fit the base scenario, unless a rule that ties parameters
    // together breaks (an answer, not a crash).
    if let Some(ensemble) = file.ensemble() {
        let _ = ensemble.check(base);
    }
    if file.waves.is_empty() {
        return;
    }
    // Twice, a wave's part overlaps (or leaves points out); alone, it merges when whole.
    let twice = merge_wave_parts(vec![
        ("a".to_owned(), file.clone()),
        ("b".to_owned(), file.clone()),
    ]);
    assert!(twice.is_err(), "a part merged with itself");
    let whole = !file.is_part();
    match merge_wave_parts(vec![("a".to_owned(), file.clone())]) {
        Ok(merged) => {
            assert_eq!(merged, file, "a whole wave merged alone changed");
            CalibrationFile::from_json(&merged.to_json(), "merged.json")
                .expect("a merged file reads back");
        }
        Err(e) => assert!(!whole, "a whole wave did not merge alone: {e}"),
    }
}
