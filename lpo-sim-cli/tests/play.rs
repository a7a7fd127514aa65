//! `lpo-sim play` driven through standard input, `--resume`, and `replay-game`.

use assert_cmd::Command;
use std::ffi::OsStr;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

mod common;

use common::{Outcome, assert_help_lists_commands, assert_no_temporary_files};

/// Runs `lpo-sim` with `args`, `input` on its standard input.
fn lpo_sim_with_input<I, S>(args: I, input: &str) -> Outcome
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(env!("CARGO_BIN_EXE_lpo-sim"))
        .args(args)
        .write_stdin(input)
        .output()
        .expect("the binary runs");
    Outcome::of(output)
}

/// The text from `== The end ==` to the line before `stop` (exclusive).
fn end_block<'a>(stdout: &'a str, stop: &str) -> &'a str {
    let start = stdout.find("== The end ==").expect("an end summary");
    let rest = &stdout[start..];
    &rest[..rest.find(stop).expect("a line after the end summary")]
}

fn new_game(save: &Path, input: &str) -> Outcome {
    let save = save.to_str().unwrap();
    lpo_sim_with_input(
        [
            "play",
            "--set",
            "horizon_months=12",
            "--seed",
            "7",
            "--save",
            save,
            "--firms",
            "200",
        ],
        input,
    )
}

#[test]
fn a_scripted_game_is_played_resumed_to_its_end_and_replays_bit_for_bit() {
    let dir = TempDir::new().unwrap();
    let save = dir.path().join("game.json");
    let first = new_game(
        &save,
        "rigor 4\nprice legal_research 1.1\nnext\noffer contract_drafting off\n\
         staff document_review 2\nnext\nquit\n",
    )
    .assert_success()
    .assert_stdout_contains(&[
        "New game on <embedded default> with horizon_months=12: seed 7",
        "From month 1: rigor 4.",
        "From month 1: price legal_research 1.1.",
        "== Months 1 to 3 ==",
        "End of month 3: cash",
        "Odds from here: of 200 rule-based firms",
        "From month 4: offer contract_drafting off.",
        "== Months 4 to 6 ==",
        "[month 6 of 12] > quit",
        "play --resume",
    ]);
    assert!(!first.stdout.contains("== The end =="));
    assert!(!first.stdout.contains("Months 7 to 9"));
    assert_no_temporary_files(dir.path());
    let saved = fs::read_to_string(&save).unwrap();
    assert!(saved.contains("\"months_played\": 6"), "{saved}");

    // Resumed, with a bad command answered, to the end.
    let resumed = common_resume(&save, "qa 0.95\nfly away\nnext\nnext\n")
        .assert_success()
        .assert_stdout_contains(&[
            "Resumed the game in",
            "month 6 of 12",
            "staff document_review 2",
            "? `qa 0.95`: the QA share must be from 0 to 0.9, not 0.95",
            "? unknown command `fly`",
            "== Months 7 to 9 ==",
            // On the calibrated default this player's firm, losing money, lasts to the
            // horizon (when a firm ends early, the last period's title says so).
            "== Months 10 to 12 ==",
            "== The end ==",
            "Against 200 firms of each built-in strategy",
            "rule-based    final cash percentile",
            "cautious      final cash percentile",
            "aggressive    final cash percentile",
            "quality-first final cash percentile",
            "on your luck it ended",
        ]);
    assert!(!resumed.stdout.contains("Months 4 to 6"));

    // The replay prints every period, and the very same end.
    let replay = common::lpo_sim(["replay-game", save.to_str().unwrap(), "--firms", "200"])
        .assert_success()
        .assert_stdout_contains(&[
            "From month 1, your choices: price legal_research 1.1, rigor 4.",
            "== Months 1 to 3 ==",
            "== Months 4 to 6 ==",
            "== Months 10 to 12 ==",
            "the same outcome as saved, bit for bit",
        ]);
    assert_eq!(
        end_block(&replay.stdout, "Re-ran"),
        end_block(&resumed.stdout, "The game is over")
    );
    // Every period report is the one the game printed.
    let played = format!("{}{}", first.stdout, resumed.stdout);
    for period in ["Months 1 to 3", "Months 4 to 6", "Months 7 to 9"] {
        // From the period's title to the next title or "Saved in", whichever comes first.
        let block = |text: &str| {
            let start = text.find(period).unwrap();
            let rest = &text[start..];
            let end = ["Saved in", "== "]
                .iter()
                .filter_map(|stop| rest.find(stop))
                .min()
                .unwrap_or(rest.len());
            rest[..end].to_owned()
        };
        let replayed = block(&replay.stdout);
        assert_eq!(block(&played), replayed, "{period}");
    }

    // A finished game cannot be played on.
    common_resume(&save, "next\n")
        .assert_invalid_input()
        .assert_stderr_contains(&["is over", "replay-game"]);
}

fn common_resume(save: &Path, input: &str) -> Outcome {
    lpo_sim_with_input(
        ["play", "--resume", save.to_str().unwrap(), "--firms", "200"],
        input,
    )
}

#[test]
fn end_of_input_saves_and_a_resumed_game_equals_one_played_straight_through() {
    let dir = TempDir::new().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    let moves = [
        "pay 1.3",
        "next",
        "trainers 1",
        "next",
        "next",
        "consultant on",
        "next",
    ];
    new_game(&a, &(moves.join("\n") + "\n")).assert_success();
    // The same moves, stopped twice by the end of input.
    let (one, rest) = moves.split_at(3);
    let (two, three) = rest.split_at(2);
    new_game(&b, &one.join("\n"))
        .assert_success()
        .assert_stdout_contains(&["End of input: the game is saved"]);
    common_resume(&b, &two.join("\n")).assert_success();
    common_resume(&b, &(three.join("\n") + "\n"))
        .assert_success()
        .assert_stdout_contains(&["== The end =="]);
    assert_eq!(
        fs::read_to_string(&a).unwrap(),
        fs::read_to_string(&b).unwrap()
    );
}

#[test]
fn edited_existing_or_conflicting_saves_are_refused_with_exit_2() {
    let dir = TempDir::new().unwrap();
    let save = dir.path().join("game.json");
    new_game(&save, "rigor 5\nnext\nquit\n").assert_success();
    // Starting a new game over a save is refused.
    new_game(&save, "")
        .assert_invalid_input()
        .assert_stderr_contains(&["already exists", "--resume"]);
    // A scenario change on --resume is refused.
    lpo_sim_with_input(
        ["play", "--resume", save.to_str().unwrap(), "--seed", "3"],
        "",
    )
    .assert_invalid_input()
    .assert_stderr_contains(&["--resume continues a saved game"]);
    // Neither --save nor --resume.
    lpo_sim_with_input(["play"], "")
        .assert_invalid_input()
        .assert_stderr_contains(&["--save FILE"]);
    // An edited save.
    let text = fs::read_to_string(&save).unwrap();
    let edited = text.replace("\"seed\": 7", "\"seed\": 8");
    assert_ne!(edited, text);
    fs::write(&save, edited).unwrap();
    for args in [
        vec!["play", "--resume", save.to_str().unwrap()],
        vec!["replay-game", save.to_str().unwrap()],
    ] {
        lpo_sim_with_input(args, "next\n")
            .assert_invalid_input()
            .assert_stderr_contains(&["was edited or damaged", "must not be edited"]);
    }
    // Not a save at all, and no file.
    fs::write(&save, "{\"seed\": 1}").unwrap();
    common::lpo_sim(["replay-game", save.to_str().unwrap()])
        .assert_invalid_input()
        .assert_stderr_contains(&["is not a saved game"]);
    common::lpo_sim([
        "replay-game",
        dir.path().join("none.json").to_str().unwrap(),
    ])
    .assert_invalid_input()
    .assert_stderr_contains(&["cannot read the saved game"]);
}

#[test]
fn help_lists_play_and_replay_game() {
    assert_help_lists_commands(&["play", "replay-game"]);
}
