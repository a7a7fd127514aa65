//! Rival firms in one market (MODEL.md §5.8): a market of one firm is that firm alone, bit
//! for bit; studies are the same bits for any thread count and shard split; the choice model
//! matches its closed form; an undercutting rival takes share; shares and clients add up;
//! market study files round-trip, merge into the whole study's file and refuse damage.

mod common;

use lpo_sim_core::market::{
    ChoiceScratch, Entrant, Market, MarketFileError, MarketFileFirm, MarketManifest,
    MarketMergeError, MarketOutcome, MarketParams, MarketState, MarketStudy, MarketStudyFile,
    MarketStudyOutcome, Offer, choose, firm_seed, is_market_file, logit_shares,
    merge_market_shards, utility,
};
use lpo_sim_core::mc::{McConfig, StopReason};
use lpo_sim_core::rng::Stream;
use lpo_sim_core::{
    AiPreset, BuiltinStrategy, Decisions, Observation, PerLine, Recorder, Scenario, ServiceLine,
    Simulation, Strategy,
};
use proptest::prelude::*;
use rand::RngExt;

fn builtin(s: BuiltinStrategy, scenario: &Scenario) -> impl Fn() -> Box<dyn Strategy> + Sync {
    let rule = scenario.strategy.rule;
    move || Box::new(s.build(&rule)) as Box<dyn Strategy>
}

/// A one-firm market steps through the same months, record for record, as the firm alone.
fn assert_one_firm_market_is_the_lone_firm(
    scenario: &Scenario,
    strategy: BuiltinStrategy,
    seed: u64,
) {
    let make = builtin(strategy, scenario);
    let entrants = [Entrant {
        name: strategy.name(),
        scenario,
        strategy: &make,
    }];
    let mut market = Market::new(&entrants, &MarketParams::default(), seed).unwrap();
    let mut in_market = Vec::new();
    while market.step().unwrap() {
        in_market.push(*market.last_month().next().unwrap().unwrap());
    }
    let mut lone =
        Simulation::new(scenario, strategy.build(&scenario.strategy.rule), seed).unwrap();
    let mut months = Recorder::default();
    let alone = lone.run_with(&mut months).unwrap();
    let label = format!("{} seed {seed}", strategy.name());
    assert_eq!(in_market.len(), months.months.len(), "{label}: months");
    for (a, b) in in_market.iter().zip(&months.months) {
        // Bit for bit: compare the serialised records (NaN-safe, every field).
        assert_eq!(
            serde_json::to_string(a).unwrap(),
            serde_json::to_string(b).unwrap(),
            "{label}: month {}",
            b.month
        );
    }
    let outcome = market.outcome();
    assert_eq!(outcome.firms[0].outcome, alone, "{label}: outcome");
    assert_eq!(
        serde_json::to_string(&outcome.firms[0].outcome).unwrap(),
        serde_json::to_string(&alone).unwrap()
    );
    assert_eq!(outcome.firms[0].won_from_rivals, 0);
    assert_eq!(outcome.firms[0].switched_out, 0);
}

#[test]
fn a_one_firm_market_is_the_firm_alone_bit_for_bit() {
    let scenario = Scenario::default();
    for strategy in BuiltinStrategy::ALL {
        for seed in [1, 2, 3, 17, 1234] {
            assert_one_firm_market_is_the_lone_firm(&scenario, strategy, seed);
        }
    }
}

#[test]
fn a_one_firm_market_is_the_firm_alone_with_automation_on() {
    let scenario = Scenario {
        ai: AiPreset::Fast.params(),
        ..Scenario::default()
    };
    for strategy in BuiltinStrategy::ALL {
        for seed in [1, 5, 99] {
            assert_one_firm_market_is_the_lone_firm(&scenario, strategy, seed);
        }
    }
}

#[test]
fn firm_zero_runs_on_the_replicate_seed() {
    assert_eq!(firm_seed(77, 0), 77);
    let seeds: Vec<u64> = (0..10).map(|k| firm_seed(77, k)).collect();
    let mut unique = seeds.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), seeds.len());
}

fn tournament_state(scenario: &Scenario, config: McConfig) -> MarketState {
    let makers: Vec<_> = BuiltinStrategy::ALL
        .iter()
        .map(|s| builtin(*s, scenario))
        .collect();
    let entrants: Vec<Entrant<'_>> = BuiltinStrategy::ALL
        .iter()
        .zip(&makers)
        .map(|(s, m)| Entrant {
            name: s.name(),
            scenario,
            strategy: m,
        })
        .collect();
    MarketStudy::new(&entrants, MarketParams::default(), config)
        .run(None)
        .unwrap()
        .state
}

#[test]
fn market_studies_are_the_same_bits_for_any_threads_and_shards() {
    let scenario = common::scenario_with(&[("horizon_months", 36.0)]);
    let config = |range: std::ops::Range<u64>, threads| McConfig {
        seed: 11,
        replicates: range,
        threads: Some(threads),
        ..McConfig::default()
    };
    let one = tournament_state(&scenario, config(0..150, 1));
    let two = tournament_state(&scenario, config(0..150, 2));
    let three = tournament_state(&scenario, config(0..150, 3));
    assert_eq!(one, two);
    assert_eq!(one, three);
    let mut merged = tournament_state(&scenario, config(0..61, 2));
    merged
        .merge(&tournament_state(&scenario, config(61..150, 1)))
        .unwrap();
    assert_eq!(one, merged);
    assert_eq!(one.runs, 150);
    // The JSON of the state round-trips exactly.
    let json = serde_json::to_string(&one).unwrap();
    let back: MarketState = serde_json::from_str(&json).unwrap();
    assert_eq!(back, one);
}

/// A market study file of the tournament over `range` of 120 replicates (seed 11).
fn tournament_file(scenario: &Scenario, range: std::ops::Range<u64>) -> MarketStudyFile {
    let state = tournament_state(
        scenario,
        McConfig {
            seed: 11,
            replicates: range.clone(),
            threads: Some(2),
            ..McConfig::default()
        },
    );
    let manifest = MarketManifest {
        crate_version: MarketManifest::this_version(),
        scenario: "<test>".to_owned(),
        currency: scenario.currency.clone(),
        seed: 11,
        total_replicates: 120,
        replicates: range.clone(),
        params: MarketParams::default(),
        firms: BuiltinStrategy::ALL
            .iter()
            .map(|s| MarketFileFirm {
                name: s.name().to_owned(),
                strategy: s.name().to_owned(),
                changes: Vec::new(),
                scenario_fingerprint: scenario.fingerprint(),
            })
            .collect(),
        alone: false,
    };
    let outcome = MarketStudyOutcome {
        replicates: range,
        stop: StopReason::Completed,
        state,
    };
    MarketStudyFile::new(manifest, outcome, Vec::new())
}

#[test]
fn market_study_files_round_trip_and_shards_merge_into_the_whole_file() {
    let scenario = common::scenario_with(&[("horizon_months", 24.0)]);
    let whole = tournament_file(&scenario, 0..120);
    let json = whole.to_json();
    assert!(is_market_file(&json));
    assert_eq!(MarketStudyFile::from_json(&json, "whole").unwrap(), whole);
    let shards = vec![
        ("c".to_owned(), tournament_file(&scenario, 70..120)),
        ("a".to_owned(), tournament_file(&scenario, 0..33)),
        ("b".to_owned(), tournament_file(&scenario, 33..70)),
    ];
    let merged = merge_market_shards(shards).unwrap();
    assert_eq!(merged.to_json(), json);
    // Without a shard, or with one twice.
    let gap = merge_market_shards(vec![
        ("a".to_owned(), tournament_file(&scenario, 0..33)),
        ("c".to_owned(), tournament_file(&scenario, 70..120)),
    ]);
    assert!(matches!(
        gap,
        Err(MarketMergeError::Missing { from: 33, to: 70 })
    ));
}

type Damage = fn(&mut MarketStudyFile);

/// Each bound, edited alone into a good file that carries the digest of its edited content
/// (as a forgery would), is caught and named, by the reader and by the merge; an edit
/// without a new digest is caught by the digest.
#[test]
fn every_bound_of_a_market_study_file_is_checked_and_named() {
    let scenario = common::scenario_with(&[("horizon_months", 12.0)]);
    let good = tournament_file(&scenario, 0..40);
    let cases: Vec<(&str, Damage)> = vec![
        ("manifest.crate_version", |f| {
            f.manifest.crate_version.clear()
        }),
        ("manifest.scenario", |f| {
            f.manifest.scenario = "a\u{7}b".to_owned()
        }),
        ("manifest.currency", |f| f.manifest.currency.clear()),
        ("manifest.total_replicates", |f| {
            f.manifest.total_replicates = 0
        }),
        ("manifest.replicates", |f| f.manifest.replicates = 0..121),
        ("manifest.params", |f| f.manifest.params.shop_share = 2.0),
        ("manifest.firms", |f| f.manifest.firms.clear()),
        ("manifest.firms[1].name", |f| {
            f.manifest.firms[1].name = f.manifest.firms[0].name.clone()
        }),
        ("manifest.firms[2].scenario_fingerprint", |f| {
            f.manifest.firms[2].scenario_fingerprint = "xyz".to_owned()
        }),
        ("state.runs", |f| f.manifest.replicates = 0..39),
        ("state.firms", |f| {
            f.state.firms.pop().map(drop).unwrap_or(())
        }),
        ("state.firms[0].runs", |f| f.state.firms[0].runs += 1),
        ("state.firms[1].bankrupt", |f| {
            f.state.firms[1].bankrupt = 41
        }),
        ("state.firms[1].open", |f| {
            f.state.firms[1].open = 40;
            f.state.firms[1].bankrupt = 1;
        }),
        ("state.firms[0].revenue.quantum", |f| {
            f.state.firms[0].revenue.quantum = 1.0
        }),
        ("state.firms[0].final_cash.n", |f| {
            f.state.firms[0].final_cash.n = 41
        }),
        ("state.firms[3].months_run.sum", |f| {
            f.state.firms[3].months_run.sum += 1_000
        }),
        ("state.revenue_hhi.min", |f| {
            let m = &mut f.state.revenue_hhi;
            std::mem::swap(&mut m.min, &mut m.max);
        }),
        ("alone", |f| f.alone.push(f.state.clone())),
        ("partial", |f| f.partial = true),
        ("partial", |f| f.stop = StopReason::Cancelled),
        ("stop", |f| f.stop = StopReason::PrecisionReached),
    ];
    for (field, damage) in cases {
        let mut file = good.clone();
        assert!(file.check().is_ok());
        damage(&mut file);
        let flaw = file.check().expect_err(field);
        assert_eq!(flaw.field, field, "{flaw}");
        match MarketStudyFile::from_json(&file.to_json(), "f") {
            Err(MarketFileError::Damaged { flaw, .. }) => assert_eq!(flaw.field, field),
            other => panic!("{field}: {other:?}"),
        }
        assert!(
            matches!(
                merge_market_shards(vec![("f".to_owned(), file.clone())]),
                Err(MarketMergeError::Damaged { .. } | MarketMergeError::Partial { .. })
            ),
            "{field}"
        );
    }
    // An edit without a new digest; no digest; not a market file; trailing text.
    let json = good.to_json();
    let edited = json.replacen("\"open\": ", "\"open\": 1", 1);
    assert!(matches!(
        MarketStudyFile::from_json(&edited, "f"),
        Err(MarketFileError::Digest { .. })
    ));
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value.as_object_mut().unwrap().remove("digest");
    assert!(matches!(
        MarketStudyFile::from_json(&value.to_string(), "f"),
        Err(MarketFileError::NoDigest { .. })
    ));
    assert!(matches!(
        MarketStudyFile::from_json("{\"manifest\": 1}", "f"),
        Err(MarketFileError::NotMarket { .. })
    ));
    assert!(matches!(
        MarketStudyFile::from_json(&format!("{json} 1"), "f"),
        Err(MarketFileError::NotMarket { .. } | MarketFileError::Syntax { .. })
    ));
}

#[test]
fn states_of_different_markets_do_not_merge() {
    let mut a = MarketState::new(["x", "y"]);
    let b = MarketState::new(["x", "z"]);
    assert!(a.merge(&b).unwrap_err().contains("different markets"));
}

fn offer(chance: f64, trust: f64, price_ratio: f64, p: &MarketParams) -> Offer {
    Offer {
        running: true,
        offered: PerLine::splat(true),
        chance: PerLine::splat(chance),
        utility: PerLine::splat(utility(p, trust, price_ratio)),
    }
}

/// Share of `n` prospects of firm 0 (each signing with it when a uniform is below `a0`) that
/// firm 0 wins against `offers[1]`.
fn simulated_win_share(offers: &[Offer], a0: f64, p: &MarketParams, n: u32) -> f64 {
    let mut own = Stream::from_key([3; 32]);
    let mut rng = Stream::from_key([4; 32]);
    let mut scratch = ChoiceScratch::with_firms(2);
    let mut wins = 0u32;
    for _ in 0..n {
        let would = own.random::<f64>() < a0;
        let line = ServiceLine::DocumentReview;
        if choose(0, would, line, offers, p, &mut rng, &mut scratch) == Some(0) {
            wins += 1;
        }
    }
    f64::from(wins) / f64::from(n)
}

#[test]
fn the_choice_model_matches_its_closed_form() {
    let p = MarketParams::default();
    // Two identical firms that both would take the prospect: 50/50.
    let mut shares = [0.0; 2];
    logit_shares(&[0.7, 0.7], &mut shares);
    assert_eq!(shares, [0.5, 0.5]);
    // A firm at price ratio r against one at 1 (same trust): the logit share r^−β / (r^−β + 1).
    for r in [0.8, 0.9, 1.25] {
        let u = [utility(&p, 0.5, r), utility(&p, 0.5, 1.0)];
        logit_shares(&u, &mut shares);
        let want = r.powf(-p.beta_price) / (r.powf(-p.beta_price) + 1.0);
        assert!(
            (shares[0] - want).abs() < 1e-12,
            "r = {r}: {} vs {want}",
            shares[0]
        );
    }
    // Whole prospects, drawn: firm 0's prospect buys with chance a0 (its own firm's, as
    // alone: rivals add no buyers) and is then won by firm 0 with chance (1 − q) + q · s0
    // (s0 its logit share), so firm 0 wins a0 · (1 − q + q · s0) of them and firm 1 the rest
    // of a0: a0 · q · (1 − s0).
    let n = 400_000;
    for (a0, a1, r) in [(0.4, 0.4, 1.0), (0.5, 0.3, 0.9), (0.3, 0.6, 1.2)] {
        let offers = [offer(a0, 0.5, r, &p), offer(a1, 0.5, 1.0, &p)];
        let u = [
            offers[0].utility[ServiceLine::DocumentReview],
            offers[1].utility[ServiceLine::DocumentReview],
        ];
        logit_shares(&u, &mut shares);
        let q = p.shop_share;
        let want = a0 * (1.0 - q + q * shares[0]);
        let got = simulated_win_share(&offers, a0, &p, n);
        let se = (want * (1.0 - want) / f64::from(n)).sqrt();
        assert!(
            (got - want).abs() < 4.0 * se,
            "a0 {a0} a1 {a1} r {r}: simulated {got}, closed form {want} (se {se})"
        );
    }
    // Two identical firms: each wins half of the prospects both would take.
    let offers = [offer(1.0, 0.5, 1.0, &p), offer(1.0, 0.5, 1.0, &p)];
    let p_all = MarketParams {
        shop_share: 1.0,
        ..p
    };
    let got = simulated_win_share(&offers, 1.0, &p_all, n);
    let se = (0.25 / f64::from(n)).sqrt();
    assert!((got - 0.5).abs() < 4.0 * se, "identical firms: {got}");
}

#[test]
fn a_lone_firm_draws_nothing_from_the_market() {
    let p = MarketParams::default();
    let offers = [offer(0.5, 0.5, 1.0, &p)];
    let mut rng = Stream::from_key([9; 32]);
    let mut scratch = ChoiceScratch::with_firms(1);
    let line = ServiceLine::LegalResearch;
    assert_eq!(
        choose(0, true, line, &offers, &p, &mut rng, &mut scratch),
        Some(0)
    );
    assert_eq!(
        choose(0, false, line, &offers, &p, &mut rng, &mut scratch),
        None
    );
    assert_eq!(rng.words_drawn(), 0);
}

/// The inner strategy, with every price cut to `factor` times its choice.
struct Undercut {
    inner: Box<dyn Strategy>,
    factor: f64,
}

impl Strategy for Undercut {
    fn name(&self) -> &str {
        "undercut"
    }
    fn decide(&mut self, obs: &Observation<'_>, d: &mut Decisions) {
        self.inner.decide(obs, d);
        let base = obs.scenario.lines.map(|_, l| l.billing_rate);
        d.prices = base.map(|_, b| b * self.factor);
    }
}

/// Paired: firm 0 of the same replicate seeds, at the reference price against an identical
/// rival, then cutting its prices 15 % (the rival unchanged). A custom strategy enters the
/// market through its factory.
#[test]
fn a_rival_that_undercuts_wins_more_of_the_buyers_who_ask_around() {
    let scenario = Scenario::default();
    let rule = scenario.strategy.rule;
    let plain = move || {
        Box::new(Undercut {
            inner: Box::new(BuiltinStrategy::RuleBased.build(&rule)),
            factor: 1.0,
        }) as Box<dyn Strategy>
    };
    let cheap = move || {
        Box::new(Undercut {
            inner: Box::new(BuiltinStrategy::RuleBased.build(&rule)),
            factor: 0.85,
        }) as Box<dyn Strategy>
    };
    let run = |first: &(dyn Fn() -> Box<dyn Strategy> + Sync)| -> Vec<MarketOutcome> {
        let entrants = [
            Entrant {
                name: "first",
                scenario: &scenario,
                strategy: first,
            },
            Entrant {
                name: "rival",
                scenario: &scenario,
                strategy: &plain,
            },
        ];
        (0..200)
            .map(|k| {
                Market::new(
                    &entrants,
                    &MarketParams::default(),
                    lpo_sim_core::mc::replicate_seed(5, k),
                )
                .unwrap()
                .run()
                .unwrap()
            })
            .collect()
    };
    let base = run(&plain);
    let cut = run(&cheap);
    let mean = |v: &[MarketOutcome], f: &dyn Fn(&MarketOutcome) -> Option<f64>| {
        let xs: Vec<f64> = v.iter().filter_map(f).collect();
        xs.iter().sum::<f64>() / xs.len() as f64
    };
    // Of the buyers who ask both firms for a quote, the cheaper firm wins more (the logit on
    // price, MODEL.md §5.8): firm 0 takes more of the rival's prospects when it undercuts.
    // (The rival takes more of firm 0's too, since firm 0's own prospects buy more often at
    // its lower price; so the ratio of the two is not the test.)
    // Per month the firm runs: a price cut also shortens its life (below), which leaves it
    // fewer months to take anything.
    let taken = |m: &MarketOutcome| {
        let f = &m.firms[0];
        (f.outcome.months_run > 0)
            .then(|| f64::from(f.won_from_rivals) / f64::from(f.outcome.months_run))
    };
    let revenue = |m: &MarketOutcome| m.revenue_share(0);
    let rival_revenue = |m: &MarketOutcome| Some(m.firms[1].outcome.total_revenue);
    let (taken_base, taken_cut) = (mean(&base, &taken), mean(&cut, &taken));
    let (rev_base, rev_cut) = (mean(&base, &revenue), mean(&cut, &revenue));
    let (rival_base, rival_cut) = (mean(&base, &rival_revenue), mean(&cut, &rival_revenue));
    println!(
        "clients firm 0 took from the rival's prospects per month it ran: {taken_base:.3} at \
         the reference price, {taken_cut:.3} 15 % below; its revenue share {rev_base:.4} → {rev_cut:.4}; the \
         rival's revenue {rival_base:.0} → {rival_cut:.0}"
    );
    let ended = |m: &MarketOutcome| Some(f64::from(u8::from(!m.firms[0].outcome.survived())));
    let months = |m: &MarketOutcome| Some(f64::from(m.firms[0].outcome.months_run));
    println!(
        "firm 0 ended before the horizon: {:.3} → {:.3}; months run {:.1} → {:.1}",
        mean(&base, &ended),
        mean(&cut, &ended),
        mean(&base, &months),
        mean(&cut, &months)
    );
    // Reported, not asserted (FINDINGS.md): the cut firm ends more often and sooner, and the
    // rival, which takes over clients of a firm that ends, earns more.
    assert!(
        taken_cut > 1.05 * taken_base,
        "the undercutter takes more of the buyers who ask around: {taken_base} → {taken_cut}"
    );
    // What the price cut does to revenue is not asserted: it is what the study reports
    // (FINDINGS.md), not a property of the mechanism.
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Shares add up to 1, and every client who left for a rival joined it, was lost because
    /// the rival had gone, or is still on the way at the end.
    #[test]
    fn shares_add_up_and_switching_clients_are_conserved(
        seed in any::<u64>(),
        firms in 1usize..5,
        shop_share in 0.0..=1.0f64,
        switch_share in 0.0..=1.0f64,
        beta_trust in 0.0..10.0f64,
        beta_price in 0.0..8.0f64,
        horizon in 6.0..40.0f64,
    ) {
        let scenario = common::scenario_with(&[("horizon_months", horizon.floor())]);
        let params = MarketParams { shop_share, switch_share, beta_trust, beta_price };
        let makers: Vec<_> = (0..firms)
            .map(|k| builtin(BuiltinStrategy::ALL[k % 4], &scenario))
            .collect();
        let entrants: Vec<Entrant<'_>> = makers
            .iter()
            .map(|m| Entrant { name: "f", scenario: &scenario, strategy: m })
            .collect();
        let m = Market::new(&entrants, &params, seed).unwrap().run().unwrap();
        if m.total_revenue() > 0.0 {
            let sum: f64 = (0..firms).map(|k| m.revenue_share(k).unwrap()).sum();
            prop_assert!((sum - 1.0).abs() < 1e-9, "revenue shares sum to {}", sum);
        }
        if m.total_clients() > 0 {
            let sum: f64 = (0..firms).map(|k| m.client_share(k).unwrap()).sum();
            prop_assert!((sum - 1.0).abs() < 1e-9, "client shares sum to {}", sum);
        }
        let out: u32 = m.firms.iter().map(|f| f.switched_out).sum();
        let joined: u32 = m.firms.iter().map(|f| f.switched_in).sum();
        prop_assert_eq!(out, joined + m.switches_lost + m.switches_pending);
        if firms == 1 {
            prop_assert_eq!(out, 0);
        }
        if let Some(h) = m.revenue_hhi() {
            prop_assert!(h >= 1.0 / firms as f64 - 1e-12 && h <= 1.0 + 1e-12);
        }
    }
}

#[test]
fn bad_markets_are_errors_naming_the_field() {
    let scenario = Scenario::default();
    let make = builtin(BuiltinStrategy::Cautious, &scenario);
    let e = Entrant {
        name: "a",
        scenario: &scenario,
        strategy: &make,
    };
    let none: [Entrant<'_>; 0] = [];
    let msg = Market::new(&none, &MarketParams::default(), 1)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("1 to 64 firms"), "{msg}");
    let bad = MarketParams {
        shop_share: 1.5,
        ..MarketParams::default()
    };
    let msg = Market::new(&[e], &bad, 1).unwrap_err().to_string();
    assert!(msg.contains("market.shop_share"), "{msg}");
    let other = common::scenario_with(&[("clients.market_potential", 500.0)]);
    let f = Entrant {
        name: "b",
        scenario: &other,
        strategy: &make,
    };
    let msg = Market::new(&[e, f], &MarketParams::default(), 1)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("clients.market_potential"), "{msg}");
    // A firm may differ in what is its own.
    let own = common::scenario_with(&[("founder.savings", 5e5)]);
    let g = Entrant {
        name: "c",
        scenario: &own,
        strategy: &make,
    };
    assert!(Market::new(&[e, g], &MarketParams::default(), 1).is_ok());
    let mut p = MarketParams::default();
    assert!(p.set("market.beta_price", 3.0).is_ok());
    assert_eq!(p.beta_price, 3.0);
    assert!(
        p.set("market.beta_price", -1.0)
            .unwrap_err()
            .contains("market.beta_price")
    );
    assert!(p.set("market.nope", 1.0).is_err());
}
