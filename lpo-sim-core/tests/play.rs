//! Play mode: a player's firm is the ordinary simulation of its seed, the player's moves
//! replay bit for bit, and a saved game refuses edits.

use lpo_sim_core::play::{Change, Field, Game, GameFileError, Odds, PlayerStrategy, Standing};
use lpo_sim_core::{BuiltinStrategy, MonthRecord, Recorder, RunOutcome, Scenario, Simulation};

fn rule_based(scenario: &Scenario, seed: u64) -> (Vec<MonthRecord>, RunOutcome) {
    let strategy = BuiltinStrategy::RuleBased.build(&scenario.strategy.rule);
    let mut months = Recorder::default();
    let outcome = Simulation::new(scenario, strategy, seed)
        .unwrap()
        .run_with(&mut months)
        .unwrap();
    (months.months, outcome)
}

/// Plays `game` to its end, making `changes` at the start of the given periods; returns every
/// month as it was played and the final outcome.
fn play(game: &mut Game, changes: &[(usize, &str)]) -> (Vec<MonthRecord>, RunOutcome) {
    let mut months = Vec::new();
    let mut outcome = None;
    let mut period = 0;
    while !game.is_finished() {
        for (_, text) in changes.iter().filter(|(p, _)| *p == period) {
            game.change(Change::parse(text).unwrap()).unwrap();
        }
        let played = game.play_period().unwrap();
        assert_eq!(
            played.months.first().map(|m| m.month),
            Some(months.len() as u32 + 1)
        );
        months.extend(played.months);
        outcome = Some(played.outcome);
        period += 1;
    }
    (months, outcome.unwrap())
}

#[test]
fn a_player_who_changes_nothing_runs_rule_based_bit_for_bit() {
    let scenario = Scenario::default();
    for seed in [1, 7, 42] {
        let mut game = Game::new(scenario.clone(), seed, 3).unwrap();
        let (months, outcome) = play(&mut game, &[]);
        let (expected_months, expected) = rule_based(&scenario, seed);
        assert_eq!(outcome, expected, "seed {seed}");
        assert_eq!(months, expected_months, "seed {seed}");
        // And the strategy alone, run straight through.
        let player = PlayerStrategy::new(&scenario.strategy.rule, Vec::new());
        assert_eq!(
            Simulation::new(&scenario, player, seed)
                .unwrap()
                .run()
                .unwrap(),
            expected
        );
    }
}

#[test]
fn a_game_replays_bit_for_bit_also_from_its_save_file() {
    let mut game = Game::new(Scenario::default(), 11, 4).unwrap();
    let changes = [
        (0, "rigor 6"),
        (0, "offer legal_research off"),
        (1, "pay 1.2"),
        (2, "staff document_review 3"),
        (2, "price document_review 1.15"),
        (3, "qa 0.2"),
        (5, "consultant on"),
        (6, "consultant auto"),
        (6, "trainers 1"),
    ];
    let (months, outcome) = play(&mut game, &changes);
    let replay = game.replay().unwrap();
    assert_eq!(replay.months, months);
    assert_eq!(replay.outcome, outcome);
    let text = game.to_json().unwrap();
    let loaded = Game::from_json(&text, "game.json").unwrap();
    assert_eq!(loaded, game);
    assert_eq!(loaded.replay().unwrap(), replay);
    // Written again, byte for byte.
    assert_eq!(loaded.to_json().unwrap(), text);
    // The moves made a difference.
    assert_ne!(outcome, rule_based(game.scenario(), 11).1);
}

#[test]
fn a_change_takes_effect_from_the_next_month_only() {
    let scenario = Scenario::default();
    let (rule_months, _) = rule_based(&scenario, 5);
    let mut game = Game::new(scenario, 5, 6).unwrap();
    game.play_period().unwrap();
    game.change(Change::parse("pay 2").unwrap()).unwrap();
    game.change(Change::parse("marketing 12345").unwrap())
        .unwrap();
    let second = game.play_period().unwrap();
    let replay = game.replay().unwrap();
    // Months 1 to 6 as rule-based, month 7 with the new pay and marketing.
    assert_eq!(replay.months[..6], rule_months[..6]);
    assert_eq!(second.months[0].month, 7);
    assert_eq!(second.months[0].costs.marketing, 12345.0);
    assert_ne!(rule_months[6].costs.marketing, 12345.0);
    assert!(second.months[0].costs.payroll > rule_months[6].costs.payroll);
    assert_eq!(second.before, Some(rule_months[5]));
}

#[test]
fn a_finished_game_refuses_more_play_and_changes() {
    let scenario = Scenario {
        horizon_months: 5,
        ..Scenario::default()
    };
    let mut game = Game::new(scenario, 1, 3).unwrap();
    assert_eq!(game.play_period().unwrap().months.len(), 3);
    let last = game.play_period().unwrap();
    assert_eq!(last.months.len(), 2);
    assert!(last.finished && game.is_finished());
    assert!(game.play_period().is_err());
    assert!(game.change(Change::Rigor(Some(2))).is_err());
    assert!(Game::new(Scenario::default(), 1, 0).is_err());
}

#[test]
fn the_save_file_refuses_an_edited_or_unsealed_file() {
    let mut game = Game::new(Scenario::default(), 3, 3).unwrap();
    game.change(Change::parse("rigor 5").unwrap()).unwrap();
    game.play_period().unwrap();
    let text = game.to_json().unwrap();
    let edited = text.replace("\"hiring_rigor\": 5", "\"hiring_rigor\": 9");
    assert_ne!(edited, text);
    assert!(matches!(
        Game::from_json(&edited, "g.json"),
        Err(GameFileError::Digest { .. })
    ));
    let no_digest = text.replace(
        &text[text.find(",\n  \"digest\"").unwrap()..text.rfind('}').unwrap()],
        "\n",
    );
    assert!(matches!(
        Game::from_json(&no_digest, "g.json"),
        Err(GameFileError::NoDigest { .. })
    ));
    assert!(matches!(
        Game::from_json("{}", "g.json"),
        Err(GameFileError::Syntax { .. })
    ));
}

#[test]
fn bad_changes_are_refused_with_what_to_type() {
    for (text, says) in [
        ("rigor 0", "1 to 50"),
        ("price legal_research 0", "0.1 to 10"),
        ("price legal 1.1", "the lines are"),
        ("staff document_review many", "whole number"),
        ("offer transcription maybe", "on, off or auto"),
        ("hover 3", "unknown command"),
        ("pay", "one value"),
        ("qa NaN", "not a number"),
    ] {
        let error = Change::parse(text).unwrap_err();
        assert!(error.contains(says), "{text}: {error}");
    }
    for text in [
        "offer contract_drafting on",
        "certify on",
        "marketing auto",
        "ai off",
    ] {
        assert_eq!(Change::parse(text).unwrap().to_string(), text);
    }
}

#[test]
fn odds_and_standing_are_exact_and_the_same_for_any_thread_count() {
    let scenario = Scenario {
        horizon_months: 24,
        ..Scenario::default()
    };
    let one = Field::run(&scenario, 9, BuiltinStrategy::RuleBased, 200, Some(1)).unwrap();
    let two = Field::run(&scenario, 9, BuiltinStrategy::RuleBased, 200, Some(2)).unwrap();
    assert_eq!(one, two);
    let start = Odds::of(&one, 0, 24);
    assert_eq!(start.open_now, 200);
    let at_end = Odds::of(&one, 24, 24);
    assert_eq!(at_end.open_now, at_end.open_at_horizon);
    assert_eq!(
        start.open_at_horizon,
        one.outcomes.iter().filter(|o| o.survived()).count()
    );
    // A player who changed nothing is exactly level with rule-based on the same luck.
    let mut game = Game::new(scenario.clone(), 9, 6).unwrap();
    let (_, outcome) = play(&mut game, &[]);
    let standing = Standing::of(&outcome, &one, &scenario, 9).unwrap();
    assert_eq!(standing.paired, outcome);
    assert_eq!(standing.cash_difference, 0.0);
    assert!((0.0..=100.0).contains(&standing.cash_percentile));
    let below = one
        .outcomes
        .iter()
        .filter(|o| o.final_cash < outcome.final_cash)
        .count();
    let equal = one
        .outcomes
        .iter()
        .filter(|o| o.final_cash == outcome.final_cash)
        .count();
    assert_eq!(
        standing.cash_percentile,
        100.0 * (below as f64 + equal as f64 / 2.0) / 200.0
    );
}
