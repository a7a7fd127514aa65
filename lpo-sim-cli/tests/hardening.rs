//! End-to-end tests of hostile or careless input and output: edited and oversized study
//! files, absurd flags, unwritable or clashing outputs, closed standard output, Ctrl-C and
//! killed runs. Each must end with a clear message and the right exit code, never a panic or
//! an abort.

use serde_json::{Value, json};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod common;

use common::{args, edit_study, lpo_sim, read_json, with_line_replaced, write_scenario};

/// A 6-month scenario in `dir`: studies of it take milliseconds.
fn tiny_scenario(dir: &Path) -> PathBuf {
    let text = with_line_replaced("", "horizon_months", "horizon_months = 6");
    write_scenario(dir, "tiny.toml", &text)
}

/// Shards 0/2 and 1/2 of a 200-replicate study of the tiny scenario.
fn two_shards(dir: &Path) -> (PathBuf, PathBuf) {
    let scenario = tiny_scenario(dir);
    let shard = |spec: &str, name: &str| {
        let path = dir.join(name);
        lpo_sim(args(&[
            &"mc", &scenario, &"--runs", &"200", &"--shard", &spec, &"--json", &path,
        ]))
        .assert_success();
        path
    };
    (shard("0/2", "a.json"), shard("1/2", "b.json"))
}

// ------------------------------------------------------------------------------ study files

type Edit = fn(&mut Value);

/// The edits known to fool or crash `merge` before study files carried digests and bounds:
/// a sketch offset near 2^31 (aborted allocating 16 GB), i32::MIN or min > max (panicked),
/// and edited counts, sums, currency or horizon (merged silently into a wrong file).
fn hostile_edits() -> Vec<(&'static str, Edit)> {
    vec![
        ("state.outcomes.final_cash.sketch.positive.offset", |s| {
            s["state"]["outcomes"]["final_cash"]["sketch"]["positive"]["offset"] =
                json!(2_147_483_000)
        }),
        ("state.outcomes.final_cash.sketch.positive.offset", |s| {
            s["state"]["outcomes"]["final_cash"]["sketch"]["positive"]["offset"] = json!(i32::MIN)
        }),
        ("state.outcomes.total_revenue.moments.min", |s| {
            let moments = &mut s["state"]["outcomes"]["total_revenue"]["moments"];
            let min = moments["min"].clone();
            moments["min"] = moments["max"].clone();
            moments["max"] = min;
        }),
        ("state.outcomes.final_cash.moments.n", |s| {
            s["state"]["outcomes"]["final_cash"]["moments"]["n"] = json!(101)
        }),
        ("state.outcomes.final_cash.moments", |s| {
            s["state"]["outcomes"]["final_cash"]["moments"]["n"] = json!(99)
        }),
        ("state.outcomes.final_cash.moments.sum", |s| {
            s["state"]["outcomes"]["final_cash"]["moments"]["sum"] = json!("999999999999999999")
        }),
        ("state.outcomes.final_cash.moments.sum_squares", |s| {
            s["state"]["outcomes"]["final_cash"]["moments"]["sum_squares"] =
                json!(format!("{:064x}", 1u8))
        }),
        ("state.bankrupt", |s| s["state"]["bankrupt"] = json!(101)),
        ("manifest.currency", |s| {
            s["manifest"]["currency"] = json!("a currency label far too long")
        }),
        ("state.horizon_months", |s| {
            s["state"]["horizon_months"] = json!(5000)
        }),
        ("state.alive_at_month_end", |s| {
            s["state"]["horizon_months"] = json!(7)
        }),
    ]
}

#[test]
fn merge_refuses_edited_study_files_naming_the_file_and_what_changed() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (a, b) = two_shards(d);
    let out = d.join("merged.json");
    let edited = d.join("edited.json");
    let merge = |needles: &[&str]| {
        lpo_sim(args(&[&"merge", &a, &edited, &"--json", &out]))
            .assert_invalid_input()
            .assert_stderr_contains(needles);
        assert!(!out.exists(), "merge wrote a file despite {needles:?}");
    };
    let shown = edited.display().to_string();
    for (field, edit) in hostile_edits() {
        // As edited: the digest no longer matches.
        edit_study(&b, &edited, false, edit);
        merge(&["was changed after it was written", &shown, "unedited"]);
        // Edited with the digest recomputed: the bound behind the digest names the field.
        edit_study(&b, &edited, true, edit);
        merge(&["is damaged", &shown, &format!("`{field}")]);
    }
    // An offset beyond any 32-bit index is not even a study file's syntax.
    edit_study(&b, &edited, false, |s| {
        s["state"]["outcomes"]["final_cash"]["sketch"]["positive"]["offset"] = json!(1u64 << 31)
    });
    merge(&[&shown, "state.outcomes.final_cash.sketch.positive.offset"]);
    // An edited summary keeps the digest, but is not the summary of the state.
    edit_study(&b, &edited, false, |s| s["summary"]["runs"] = json!(7));
    merge(&[&shown, "`summary` is not the summary of the file's state"]);
    // A file without a digest was not written by this version.
    edit_study(&b, &edited, false, |s| {
        s.as_object_mut().unwrap().remove("digest");
    });
    merge(&[&shown, "has no digest"]);
    // Anything after the document.
    fs::write(&edited, format!("{}{{}}", fs::read_to_string(&b).unwrap())).unwrap();
    merge(&[&shown, "trailing characters"]);
    // The unedited shards still merge.
    lpo_sim(args(&[&"merge", &a, &b, &"--json", &out])).assert_success();
    assert_eq!(read_json(&out)["manifest"]["replicates"]["end"], 200);
}

#[test]
fn merge_refuses_study_files_larger_than_the_cap() {
    let dir = TempDir::new().unwrap();
    let huge = dir.path().join("huge.json");
    // Sparse: no disk is used for the 65 MiB of zeros.
    fs::File::create(&huge).unwrap().set_len(65 << 20).unwrap();
    lpo_sim(args(&[&"merge", &huge]))
        .assert_invalid_input()
        .assert_stderr_contains(&[&huge.display().to_string(), "larger than 67108864 bytes"]);
    #[cfg(unix)]
    lpo_sim(["merge", "/dev/zero"])
        .assert_invalid_input()
        .assert_stderr_contains(&["/dev/zero", "larger than"]);
}
