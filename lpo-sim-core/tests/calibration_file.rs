//! Calibration files that cannot lie (MODEL.md §15.3): a digest over the content, no unknown
//! field, structural bounds behind the digest, the base scenario recorded, and the shipped
//! file readable under those rules. One test per way a file can be tampered with.

use lpo_sim_core::Scenario;
use lpo_sim_core::calibration::{
    CalibrationFile, DEFAULT_TARGETS_TOML, HistoryMatchSettings, NoWaveObserver, Prior, Targets,
    history_match, merge_wave_parts, run_wave, validate_members,
};
use lpo_sim_core::mc::ScenarioStrategy;
use serde_json::Value;
use std::sync::OnceLock;

/// Three calibrated parameters (one a whole number): enough for every check, small files.
fn priors() -> Vec<Prior> {
    [
        ("workforce.attrition.base_monthly", 0.01, 0.06, false),
        ("clients.base_conversion", 0.4, 0.95, false),
        ("lines.document_review.skill_requirement", 0.2, 0.8, false),
    ]
    .into_iter()
    .map(|(path, low, high, integer)| Prior {
        path: path.to_owned(),
        low,
        high,
        integer,
    })
    .collect()
}

fn settings() -> HistoryMatchSettings {
    HistoryMatchSettings {
        waves: 2,
        points_per_wave: 16,
        runs_per_point: 16,
        seed: 2,
        ..HistoryMatchSettings::default()
    }
}

/// The embedded targets with a cut-off of 12: these tests are about files, not the fit, and a
/// tiny match against the real cut-off may keep no point at all.
fn loose_targets() -> Targets {
    let text = DEFAULT_TARGETS_TOML
        .replacen("cutoff = 3.0", "cutoff = 12.0", 1)
        .replacen(
            "validation_inside_every_range = true",
            "validation_inside_every_range = false",
            1,
        );
    let targets = Targets::from_toml_str(&text, "loose targets").unwrap();
    assert_eq!(targets.implausibility.cutoff, 12.0);
    assert!(!targets.implausibility.validation_inside_every_range);
    targets
}

fn unstarted() -> CalibrationFile {
    let base = Scenario::default();
    CalibrationFile::new(&base, &loose_targets(), priors(), settings()).unwrap()
}

/// A finished tiny history match, validated on 32 fresh firms per member, run once per test
/// binary.
fn finished() -> &'static CalibrationFile {
    static FILE: OnceLock<CalibrationFile> = OnceLock::new();
    FILE.get_or_init(|| {
        let file = history_match(
            &Scenario::default(),
            unstarted(),
            &ScenarioStrategy,
            Some(2),
            None,
            &mut NoWaveObserver,
        )
        .unwrap();
        let mut file = file;
        let validation = validate_members(
            &Scenario::default(),
            &file,
            &ScenarioStrategy,
            32,
            99,
            Some(2),
            None,
            &mut |_, _| {},
        )
        .unwrap();
        file.validation = Some(validation);
        assert!(file.is_finished() && file.members().count() > 0);
        assert!(file.members().count() <= file.matching_members().count());
        file
    })
}

/// `json` edited as a value, written back pretty, its digest left as it was.
fn tampered(json: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(json).unwrap();
    edit(&mut value);
    serde_json::to_string_pretty(&value).unwrap()
}

fn refusal(text: &str) -> String {
    CalibrationFile::from_json(text, "f.json")
        .expect_err("a tampered file was accepted")
        .to_string()
}

#[test]
fn a_calibration_file_reads_back_equal_and_writes_the_same_bytes() {
    let json = finished().to_json();
    let again = CalibrationFile::from_json(&json, "f.json").unwrap();
    assert_eq!(&again, finished());
    assert_eq!(again.to_json(), json);
    assert!(
        json.trim_end()
            .ends_with(&format!("\"digest\": \"{}\"\n}}", again.digest()))
    );
    assert!(again.differences_from(&Scenario::default()).is_empty());
}

#[test]
fn an_edited_value_is_refused_by_its_digest() {
    let json = finished().to_json();
    // The probe's edit: every member of the last wave at its box's low corner (inside every
    // bound, so only the digest can tell).
    let corner = tampered(&json, |v| {
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
    let why = refusal(&corner);
    assert!(
        why.contains("f.json") && why.contains("changed after it was written"),
        "{why}"
    );
    // Without a digest (as written before digests), it is refused too, saying why.
    let bare = tampered(&json, |v| {
        v.as_object_mut().unwrap().remove("digest");
    });
    assert!(refusal(&bare).contains("has no digest"));
}

#[test]
fn an_edit_behind_a_recomputed_digest_meets_the_structural_checks() {
    let json = finished().to_json();
    let resealed = |edit: &dyn Fn(&mut Value)| {
        let text = tampered(&json, edit);
        let digest = CalibrationFile::content_digest(&text).unwrap();
        tampered(&text, |v| v["digest"] = digest.into())
    };
    let why = refusal(&resealed(&|v| {
        v["manifest"]["base_scenario"]["horizon_months"] = 72.into();
    }));
    assert!(why.contains("`manifest.scenario_fingerprint`"), "{why}");
    let why = refusal(&resealed(&|v| {
        v["waves"][0]["plausible"][0]["values"][0] = 1e9.into();
    }));
    assert!(why.contains("`waves[0].plausible[0].values`"), "{why}");
    let why = refusal(&resealed(&|v| {
        v["manifest"]["priors"][0]["integer"] = true.into()
    }));
    assert!(
        why.contains("`manifest.priors`") && why.contains("whole number"),
        "{why}"
    );
    // A member's "every estimate inside" decides whether it is in the ensemble: flipped, it
    // no longer matches its estimates.
    let flipped = !finished().validation.as_ref().unwrap().members[0].inside_every_range;
    let why = refusal(&resealed(&|v| {
        v["validation"]["members"][0]["inside_every_range"] = flipped.into();
    }));
    assert!(
        why.contains("`validation.members[0].inside_every_range`"),
        "{why}"
    );
}

#[test]
fn an_unknown_key_is_refused_wherever_it_is() {
    let json = finished().to_json();
    for (at, edit) in [
        (
            "",
            &(|v: &mut Value| v["note"] = 1.into()) as &dyn Fn(&mut Value),
        ),
        ("manifest", &|v: &mut Value| {
            v["manifest"]["note"] = 1.into()
        }),
        ("manifest.settings", &|v: &mut Value| {
            v["manifest"]["settings"]["note"] = 1.into();
        }),
        ("manifest.priors[0]", &|v: &mut Value| {
            v["manifest"]["priors"][0]["note"] = 1.into();
        }),
        ("manifest.base_scenario", &|v: &mut Value| {
            v["manifest"]["base_scenario"]["note"] = 1.into();
        }),
        ("waves[1]", &|v: &mut Value| {
            v["waves"][1]["note"] = 1.into()
        }),
        ("waves[1].plausible[0]", &|v: &mut Value| {
            v["waves"][1]["plausible"][0]["note"] = 1.into();
        }),
    ] {
        let why = refusal(&tampered(&json, edit));
        assert!(why.contains("unknown field `note`"), "{at}: {why}");
        let path = if at.is_empty() {
            "note".to_owned()
        } else {
            format!("{at}.note")
        };
        assert!(why.contains(&path), "{at}: {why}");
    }
}

#[test]
fn every_single_bit_flip_is_refused_or_changes_nothing() {
    let json = finished().to_json();
    let bytes = json.as_bytes();
    // About 1,500 flips spread over the whole file, each bit position in turn.
    let step = (bytes.len() / 1500).max(1);
    let mut refused = 0;
    let mut flips = 0;
    for (n, at) in (0..bytes.len()).step_by(step).enumerate() {
        let mut flipped = bytes.to_vec();
        flipped[at] ^= 1 << (n % 8);
        flips += 1;
        let Ok(text) = String::from_utf8(flipped) else {
            refused += 1;
            continue;
        };
        match CalibrationFile::from_json(&text, "f.json") {
            Err(_) => refused += 1,
            // Only a flip that leaves the content as it was may pass ('e' and 'E' in an
            // exponent, say).
            Ok(read) => assert_eq!(&read, finished(), "flip at byte {at} changed the content"),
        }
    }
    assert!(refused * 100 >= flips * 99, "{refused} of {flips} refused");
}

#[test]
fn an_unfinished_history_match_and_a_part_say_so() {
    let base = Scenario::default();
    let mut file = unstarted();
    assert!(!file.is_finished() && file.waves.is_empty());
    let wave = run_wave(
        &base,
        &file,
        0..16,
        &ScenarioStrategy,
        Some(1),
        None,
        &mut NoWaveObserver,
    )
    .unwrap()
    .unwrap();
    file.waves.push(wave);
    assert!(!file.is_finished() && !file.is_part(), "1 of 2 waves");
    let mut part = finished().clone();
    part.waves[1].evaluated = 0..8;
    part.waves[1].plausible.retain(|m| m.index < 8);
    assert!(part.is_part() && !part.is_finished());
    // Only a finished history match carries a validation.
    let why = CalibrationFile::from_json(&part.to_json(), "part.json").unwrap_err();
    assert!(
        why.to_string()
            .contains("`validation`: only a finished history match is validated"),
        "{why}"
    );
    part.validation = None;
    let read = CalibrationFile::from_json(&part.to_json(), "part.json").unwrap();
    assert!(!read.is_finished());
}

#[test]
fn a_validation_that_does_not_match_the_ensemble_is_refused() {
    let file = finished();
    assert!(file.validation.is_some());
    let mut short = file.clone();
    short.validation.as_mut().unwrap().members.pop();
    let why = CalibrationFile::from_json(&short.to_json(), "v.json").unwrap_err();
    assert!(why.to_string().contains("`validation.members`"), "{why}");
    let mut moved = file.clone();
    moved.validation.as_mut().unwrap().members[0].index += 1_000;
    let why = CalibrationFile::from_json(&moved.to_json(), "v.json").unwrap_err();
    assert!(why.to_string().contains("`validation.members[0]`"), "{why}");
    // Members that fail on fresh seeds leave the ensemble; without a validation every
    // matching member is in it.
    let cutoff = file.manifest.targets.implausibility.cutoff;
    let mut all_fail = file.clone();
    for v in &mut all_fail.validation.as_mut().unwrap().members {
        v.ranked = cutoff + 1.0;
    }
    let read = CalibrationFile::from_json(&all_fail.to_json(), "v.json").unwrap();
    assert_eq!(read.members().count(), 0);
    assert!(read.ensemble().is_none());
    let mut unvalidated = file.clone();
    unvalidated.validation = None;
    assert_eq!(
        unvalidated.members().count(),
        file.matching_members().count()
    );
}

#[test]
fn another_base_scenario_is_named_by_what_differs_except_the_calibrated_parameters() {
    let file = finished();
    let mut other = Scenario::default();
    // A study's length is not part of the world: an ensemble serves any horizon.
    other.set("horizon_months", 120.0).unwrap();
    // Nor is the career before founding: no target reads it.
    other
        .set("career.founding.expected_income", 2000.0)
        .unwrap();
    // Nor is automation, off in the world the targets describe: a study may turn it on over
    // each calibrated world.
    other.set("ai.enabled", 1.0).unwrap();
    other.set("ai.speed", 0.9).unwrap();
    other.set("strategy.rule.ai_adopt_above", 0.3).unwrap();
    assert!(file.differences_from(&other).is_empty());
    other.set("founder.savings", 1000.0).unwrap();
    other.set("horizon_months", 72.0).unwrap();
    assert_eq!(
        file.differences_from(&other),
        ["`founder.savings` is 1000 here, 30000 in the calibration's base scenario"]
    );
    other.currency = "EUR".to_owned();
    assert!(file.differences_from(&other).contains(
        &"`currency` is \"EUR\" here, \"USD\" in the calibration's base scenario".to_owned()
    ));
    // Every member sets the calibrated parameters: their base values do not matter.
    let mut calibrated = Scenario::default();
    calibrated.set("clients.base_conversion", 0.3).unwrap();
    assert!(file.differences_from(&calibrated).is_empty());
}

#[test]
fn an_edited_wave_part_cannot_be_merged() {
    let base = Scenario::default();
    let mut from = finished().clone();
    from.waves.pop();
    let parts: Vec<(String, CalibrationFile)> = [0..8, 8..16]
        .into_iter()
        .map(|points| {
            let mut part = from.clone();
            let wave = run_wave(
                &base,
                &from,
                points,
                &ScenarioStrategy,
                Some(1),
                None,
                &mut NoWaveObserver,
            )
            .unwrap()
            .unwrap();
            part.waves.push(wave);
            (format!("part-{}.json", part.waves[1].evaluated.start), part)
        })
        .collect();
    // The parts merge into the finished file...
    assert_eq!(&merge_wave_parts(parts.clone()).unwrap(), finished());
    // ...but an edited one is not read: a member moved inside its box, an estimate × 1.5.
    let (name, part) = parts
        .iter()
        .find(|(_, p)| !p.waves[1].plausible.is_empty())
        .expect("a part kept a point");
    let json = part.to_json();
    let moved = tampered(&json, |v| {
        let b = v["waves"][1]["bounds"][0].clone();
        let middle = (b[0].as_f64().unwrap() + b[1].as_f64().unwrap()) / 2.0;
        v["waves"][1]["plausible"][0]["values"][0] = middle.into();
    });
    let scaled = tampered(&json, |v| {
        let e = &mut v["waves"][1]["plausible"][0]["estimates"][0];
        *e = (e.as_f64().unwrap() * 1.5).into();
    });
    for text in [moved, scaled] {
        let why = CalibrationFile::from_json(&text, name)
            .unwrap_err()
            .to_string();
        assert!(
            why.contains(name.as_str()) && why.contains("changed after it was written"),
            "{why}"
        );
    }
}

/// `calibration/ensemble.json`, the file the README's ensemble studies use, reads under these
/// rules, is finished and is of the default scenario. When a model change moves the default
/// scenario, this fails: regenerate the file (`lpo-sim calibrate run --out
/// calibration/ensemble.json`, the defaults).
#[test]
fn the_shipped_calibration_file_is_sound_finished_and_of_the_default_scenario() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../calibration/ensemble.json");
    let file = CalibrationFile::from_path(&path).unwrap();
    assert!(file.is_finished());
    // It records the rule its validation kept members by: every estimate inside its range.
    assert!(
        file.manifest
            .targets
            .implausibility
            .validation_inside_every_range
    );
    // Validated on fresh seeds: 6 of the 65 points plausible on the matching seeds stayed
    // plausible with every estimate inside its range (MODEL.md §15.4). A thin ensemble, and
    // the test says when it shrinks further.
    assert!(file.validation.is_some());
    assert!(file.members().count() >= 6, "{}", file.members().count());
    let differences = file.differences_from(&Scenario::default());
    assert!(
        differences.is_empty(),
        "the default scenario moved since calibration/ensemble.json was made ({}); regenerate \
         it with `lpo-sim calibrate run --out calibration/ensemble.json`",
        differences.join("; ")
    );
}

/// Validation keeps a member only when it is plausible on the fresh seeds and, unless the
/// targets say otherwise, has every estimate inside its range there (MODEL.md §15.3).
#[test]
fn validation_keeps_only_members_inside_every_range_unless_the_targets_say_otherwise() {
    let loose = finished().clone();
    assert!(
        !loose
            .manifest
            .targets
            .implausibility
            .validation_inside_every_range
    );
    let validation = loose.validation.as_ref().unwrap();
    let cutoff = loose.manifest.targets.implausibility.cutoff;
    let plausible = validation
        .members
        .iter()
        .filter(|v| v.ranked <= cutoff)
        .count();
    assert_eq!(loose.members().count(), plausible);
    // Mark one plausible member as outside a range: the strict rule drops exactly it.
    let mut strict = loose.clone();
    strict
        .manifest
        .targets
        .implausibility
        .validation_inside_every_range = true;
    let validation = strict.validation.as_mut().unwrap();
    for v in &mut validation.members {
        v.inside_every_range = true;
    }
    let dropped = validation
        .members
        .iter_mut()
        .find(|v| v.ranked <= cutoff)
        .expect("a plausible member");
    dropped.inside_every_range = false;
    let (wave, index) = (dropped.wave, dropped.index);
    assert_eq!(strict.members().count(), plausible - 1);
    assert!(strict.members().all(|m| (m.wave, m.index) != (wave, index)));
}

/// FNV-1a (64-bit) of `text`, as `fnv1a64:` and 16 hex digits: a calibration file's digest
/// of its compact JSON.
fn fnv1a64(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("fnv1a64:{hash:016x}")
}

/// `file` as an earlier version of `lpo-sim calibrate` wrote it, before files recorded the
/// rule validation keeps members by: the same file without the rule, sealed with the digest
/// of its content without the rule (as that version computed it).
fn without_the_rule(file: &CalibrationFile) -> String {
    let rule = file
        .manifest
        .targets
        .implausibility
        .validation_inside_every_range;
    let compact = format!(
        "{{\"manifest\":{},\"waves\":{},\"validation\":{}}}",
        serde_json::to_string(&file.manifest).unwrap(),
        serde_json::to_string(&file.waves).unwrap(),
        serde_json::to_string(file.validation.as_ref().unwrap()).unwrap()
    );
    // The digest this test computes is the file's own while the rule is in it.
    assert_eq!(fnv1a64(&compact), file.digest());
    let cut = |text: &str, field: &str| {
        assert_eq!(text.matches(field).count(), 1, "{field}");
        text.replacen(field, "", 1)
    };
    let old_digest = fnv1a64(&cut(
        &compact,
        &format!(",\"validation_inside_every_range\":{rule}"),
    ));
    cut(
        &file.to_json(),
        &format!(",\n        \"validation_inside_every_range\": {rule}"),
    )
    .replacen(&file.digest(), &old_digest, 1)
}

/// A calibration file records the rule its validation kept members by, whichever it is, and
/// reads back under it. A file without it (written before the rule was recorded) is refused,
/// saying how to make a new one: earlier versions left it out both when validation kept the
/// members plausible on the fresh seeds (before the stricter rule existed) and when it kept
/// only those with every estimate inside their ranges too (while the stricter rule was the
/// default and left out as such), so its ensemble cannot be told. Read as the default, the
/// shipped file of before the stricter rule (7 members, every one plausible) would have kept 1.
#[test]
fn a_calibration_file_records_its_validation_rule_and_one_without_it_is_refused() {
    let loose = finished().clone();
    let mut strict = loose.clone();
    strict
        .manifest
        .targets
        .implausibility
        .validation_inside_every_range = true;
    for (file, rule) in [(&loose, false), (&strict, true)] {
        let json = file.to_json();
        assert!(
            json.contains(&format!("\"validation_inside_every_range\": {rule}")),
            "{rule}"
        );
        let again = CalibrationFile::from_json(&json, "f.json").unwrap();
        assert_eq!(&again, file);
        assert_eq!(again.members().count(), file.members().count());

        let old = without_the_rule(file);
        assert!(!old.contains("validation_inside_every_range"));
        let why = refusal(&old);
        assert!(
            why.contains("f.json")
                && why.contains("manifest.targets.implausibility.validation_inside_every_range")
                && why.contains("run the history match again")
                && why.contains("`lpo-sim calibrate run`")
                && !why.contains("changed after it was written"),
            "{why}"
        );
        // Sealed with the digest its content has now (the rule taken as the default), it is
        // refused the same way.
        let resealed = tampered(&old, |v| {
            v["digest"] = CalibrationFile::content_digest(&old).unwrap().into();
        });
        assert_eq!(refusal(&resealed), why);
    }
    // An unfinished file without the rule too: which rule its validation will apply is not
    // recorded either.
    let unstarted = unstarted().to_json();
    let old = unstarted.replacen(",\n        \"validation_inside_every_range\": false", "", 1);
    assert_ne!(old, unstarted);
    assert!(refusal(&old).contains("validation_inside_every_range"));
}

/// Issue 16's bar, as far as it holds (MODEL.md §15.4): all but one member of the shipped
/// ensemble stay plausible on 16,384 firms of seeds no step of the history match used (5, 5
/// and 4 of 6 on seeds 2,000,036, 99 and 31,337 when the file was made, so at most one
/// falls out on the seed tested; every estimate inside its range holds for 5, 4 and 3 of 6,
/// which is why only plausibility is asserted). The bar of 90 % is not met: MODEL.md §15.4.
#[test]
fn the_shipped_ensemble_stays_plausible_on_held_out_seeds() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../calibration/ensemble.json");
    let file = CalibrationFile::from_path(&path).unwrap();
    let held_out = lpo_sim_core::calibration::hold_out_members(
        &file.manifest.base_scenario,
        &file,
        &ScenarioStrategy,
        16_384,
        99,
        None,
        None,
        &mut |_, _| {},
    )
    .unwrap();
    let cutoff = file.manifest.targets.implausibility.cutoff;
    let ranked: Vec<f64> = held_out.members.iter().map(|v| v.ranked).collect();
    assert_eq!(ranked.len(), file.members().count());
    let plausible = ranked.iter().filter(|&&r| r <= cutoff).count();
    assert!(plausible + 1 >= ranked.len(), "{ranked:?}");
}
