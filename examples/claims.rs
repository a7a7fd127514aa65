//! The source article's advice, re-tested across every plausible calibration.
//!
//! The calibration (MODEL.md §15) leaves not one parameter set but an ensemble of them: the
//! worlds whose emergent figures all fall inside the published ranges. A piece of advice
//! deserves trust when it holds in (nearly) all of those worlds, not only in the default one.
//! For each claim this example runs the two arms (with / without what the article recommends)
//! on the same replicate seeds in each of up to `MEMBERS` ensemble members (all of them when the
//! file holds fewer: the current one holds 6, so a robust verdict needs 5 of the 6, and the
//! members' P10..P90 is the second lowest to the highest), and reports the paired effect
//! on P(failure) (insolvent, or closed by the founder because the firm paid too little; a
//! successful exit is not a failure).
//!
//! ```text
//!   calibration/ensemble.json ──► min(MEMBERS, all) members, evenly spaced in file order
//!        for each member m, each claim c:  arm A (advice taken) vs arm B, same RUNS seeds
//!               └─► Δ_mc = P(fail | A) − P(fail | B), paired seed by seed
//!   per claim: share of members with the claimed sign · pooled Δ [95 % CI] · spread of Δ_mc
//!   verdict: robust      ≥ 80 % of members have the claimed sign and the pooled CI excludes 0 that way
//!            contradicted ≥ 80 % have the opposite sign and the pooled CI excludes 0 that way
//!            fragile     otherwise
//! ```
//!
//! Run: `cargo run --release --example claims` (a few seconds with the 6-member ensemble; about a
//! minute with 40 members). `-- --ai central` or `-- --ai fast` runs the same claims with
//! automation by generative AI on in every world (MODEL.md §5.7; FINDINGS.md section 7).
//! `-- --rivals K` (K ≥ 1) runs them among rivals (MODEL.md §5.8; FINDINGS.md section 8.1, for
//! K = 3 without automation; other runs are printed, not asserted): the firm under test is
//! entrant 0 of a market with K rule-based rivals on the member's unchanged scenario, and the
//! market's seed is the replicate seed (firm 0 runs on it, the rivals on seeds the market derives
//! from it), so both arms still meet the same rivals, seed by seed. It combines with `--ai`.
//!
//! The example asserts its verdicts against the table of FINDINGS.md that reports them (section
//! 6; section 7 for `--ai`; section 8.1 for `--rivals 3`), read at run time: when a re-run moves
//! a verdict, the table is what to update (and this file only if the table's place or layout
//! changes).

use lpo_sim_core::calibration::CalibrationFile;
use lpo_sim_core::market::{Entrant, MarketParams, MarketStudy, is_market_wide};
use lpo_sim_core::mc::{McConfig, Study, Z95};
use lpo_sim_core::params::list_params;
use lpo_sim_core::{
    AiPreset, BuiltinStrategy, ClosureReason, PerLine, RunOutcome, Scenario, Strategy,
};
use lpo_sim_examples::Keep;

const SEED: u64 = 11;
const RUNS: u64 = 500;
const MEMBERS: usize = 40;
/// The number of rivals FINDINGS.md section 8.1 reports verdicts for.
const RIVALS_REPORTED: usize = 3;

/// Insolvent, or closed for the firm's pay or cash (any closure but the founder's own exit,
/// as the successful-closures target counts them).
fn failed(o: &RunOutcome) -> f64 {
    let closed_for_pay = matches!(
        o.closure_reason,
        Some(ClosureReason::LowIncome | ClosureReason::CashRunningOut)
    );
    f64::from(u8::from(o.bankrupt_month.is_some() || closed_for_pay))
}

/// A change to a member's scenario: one arm of a claim.
type Arm = fn(&mut Scenario);

fn unchanged(_: &mut Scenario) {}

/// What the article claims about arm A against arm B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claimed {
    /// A fails less often (Δ < 0).
    Lower,
    /// A fails no less often (Δ ≥ 0): the advice does not help here.
    NoLower,
}

/// One of the article's claims as two arms.
struct Claim {
    id: &'static str,
    article: &'static str,
    test: &'static str,
    claimed: Claimed,
    a: Arm,
    b: Arm,
}

fn novice(s: &mut Scenario) {
    s.founder.knowledge = PerLine::splat(0.3);
}
fn expert(s: &mut Scenario) {
    s.founder.knowledge = PerLine::splat(1.0);
}

fn claims() -> Vec<Claim> {
    vec![
        Claim {
            id: "2",
            article: "work in a law office builds skills and credibility",
            test: "founder with 5 years in a law office vs the default 2",
            claimed: Claimed::Lower,
            a: |s| s.founder.law_office_years = 5.0,
            b: unchanged,
        },
        Claim {
            id: "3",
            article: "LPO offices train new hires",
            test: "trainers for every trainee (coverage 1) vs none",
            claimed: Claimed::Lower,
            a: unchanged,
            b: |s| s.strategy.rule.trainer_coverage = 0.0,
        },
        Claim {
            id: "4",
            article: "each service needs its own skills",
            test: "sell only lines whose requirement the founder meets vs every line",
            claimed: Claimed::Lower,
            a: |s| s.strategy.rule.sell_only_known_lines = true,
            b: unchanged,
        },
        Claim {
            id: "5",
            article: "a legal degree makes the firm trustworthy and attracts clients",
            test: "founder with a law degree vs without",
            claimed: Claimed::Lower,
            a: |s| s.founder.has_law_degree = true,
            b: unchanged,
        },
        Claim {
            id: "6",
            article: "the founder should know every process that can be outsourced",
            test: "founder knowledge 1.0 on every line vs the default (0.4–0.8)",
            claimed: Claimed::Lower,
            a: expert,
            b: unchanged,
        },
        Claim {
            id: "7a",
            article: "hire the best credentials",
            test: "screen 4 candidates per hire vs 1",
            claimed: Claimed::Lower,
            a: |s| s.strategy.rule.hiring_rigor = 4,
            b: |s| s.strategy.rule.hiring_rigor = 1,
        },
        Claim {
            id: "7b",
            article: "... or at least have several excellent trainers",
            test: "trainer quality 1 vs 0, one screen per hire",
            claimed: Claimed::Lower,
            a: |s| {
                s.strategy.rule.hiring_rigor = 1;
                s.strategy.rule.trainer_quality = 1.0;
            },
            b: |s| {
                s.strategy.rule.hiring_rigor = 1;
                s.strategy.rule.trainer_quality = 0.0;
            },
        },
        Claim {
            id: "8",
            article: "legal matters are delicate: errors cost trust",
            test: "QA on 20 % of hours vs 5 %",
            claimed: Claimed::Lower,
            a: |s| s.strategy.rule.qa_share = 0.2,
            b: |s| s.strategy.rule.qa_share = 0.05,
        },
        Claim {
            id: "9n",
            article: "hire an LPO consultant if necessary (a founder who lacks knowledge)",
            test: "novice founder (knowledge 0.3): consultant for 12 months vs none",
            claimed: Claimed::Lower,
            a: |s| {
                novice(s);
                s.strategy.rule.consultant_months = 12;
            },
            b: novice,
        },
        Claim {
            id: "9e",
            article: "... and not when the founder knows the processes",
            test: "expert founder (knowledge 1.0): consultant for 12 months vs none",
            claimed: Claimed::NoLower,
            a: |s| {
                expert(s);
                s.strategy.rule.consultant_months = 12;
            },
            b: expert,
        },
    ]
}

/// Where the firm under test runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// Alone, as in every other example.
    Alone,
    /// As entrant 0 of a market (MODEL.md §5.8) with this many rivals.
    Rivals(usize),
}

/// One arm of a claim in one world: the firm under test, and the scenario its rivals run.
struct Setup {
    /// The member's scenario with the arm applied.
    tested: Scenario,
    /// The member's scenario, unchanged but for the market-wide parameters the arm changed.
    rivals: Scenario,
    /// Those parameters (`is_market_wide`), with the arm's values.
    shared: Vec<(String, f64)>,
}

impl Setup {
    /// `arm` applied to `world`. A market's firms must share its market-wide parameters
    /// (`check_market`), so an arm that changes one (none of the claims does today) changes
    /// it for the rivals too: the claim is then tested in a different market, not on a
    /// different firm, and the table says so.
    fn new(world: &Scenario, arm: Arm) -> Result<Self, Box<dyn std::error::Error>> {
        let mut tested = world.clone();
        arm(&mut tested);
        let before = list_params(&mut world.clone());
        let shared: Vec<(String, f64)> = list_params(&mut tested.clone())
            .into_iter()
            .zip(before)
            .filter(|(after, before)| {
                is_market_wide(&after.path) && after.value.to_bits() != before.value.to_bits()
            })
            .map(|(after, _)| (after.path, after.value))
            .collect();
        let mut rivals = world.clone();
        for (path, value) in &shared {
            rivals.set(path, *value)?;
        }
        Ok(Setup {
            tested,
            rivals,
            shared,
        })
    }

    /// Every replicate's failure indicator for the firm under test, in seed order. Both arms
    /// of a claim in one member share `seed`; each member has its own, so pooled pairs are
    /// independent. Among rivals, replicate `k`'s market runs on the replicate seed the lone
    /// firm would run on (`MarketStudy` runs in parallel and returns markets in seed order,
    /// so the result does not depend on the thread count); the rivals run the built-in
    /// rule-based strategy with the member's thresholds.
    fn failures(&self, field: Field, seed: u64) -> Result<Vec<f64>, Box<dyn std::error::Error>> {
        let config = McConfig::default().seed(seed).runs(RUNS);
        let failures = match field {
            Field::Alone => {
                let mut keep = Keep::default();
                Study::new(&self.tested)
                    .config(config)
                    .observer(&mut keep)
                    .run()?;
                keep.0.iter().map(failed).collect::<Vec<f64>>()
            }
            Field::Rivals(k) => {
                let own = (self.tested.strategy.name, self.tested.strategy.rule);
                let own = move || Box::new(own.0.build(&own.1)) as Box<dyn Strategy>;
                let rule = self.rivals.strategy.rule;
                let rival =
                    move || Box::new(BuiltinStrategy::RuleBased.build(&rule)) as Box<dyn Strategy>;
                let tested = Entrant {
                    name: "tested",
                    scenario: &self.tested,
                    strategy: &own,
                };
                let rival = Entrant {
                    name: "rival",
                    scenario: &self.rivals,
                    strategy: &rival,
                };
                let entrants: Vec<Entrant<'_>> = std::iter::once(tested)
                    .chain(std::iter::repeat_n(rival, k))
                    .collect();
                let mut failures = Vec::with_capacity(RUNS as usize);
                MarketStudy::new(&entrants, MarketParams::default(), config).run_with(
                    None,
                    &mut |_, market| failures.push(failed(&market.firms[0].outcome)),
                    &mut |_, _| {},
                )?;
                failures
            }
        };
        assert_eq!(failures.len() as u64, RUNS, "every replicate ran");
        Ok(failures)
    }
}

/// Mean and normal 95 % half-width of `d`.
fn mean_ci(d: &[f64]) -> (f64, f64) {
    let n = d.len() as f64;
    let mean = d.iter().sum::<f64>() / n;
    let var = d.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, Z95 * (var / n).sqrt())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Robust,
    Fragile,
    Contradicted,
}

/// Per-claim result: the members' paired effects and every pair's difference (pooled).
struct Effect {
    claimed: Claimed,
    per_member: Vec<f64>,
    pooled: Vec<f64>,
}

impl Effect {
    fn share(&self, keep: impl Fn(f64) -> bool) -> f64 {
        self.per_member.iter().filter(|d| keep(**d)).count() as f64 / self.per_member.len() as f64
    }
    /// Share of members whose effect has the claimed sign.
    fn share_claimed(&self) -> f64 {
        match self.claimed {
            Claimed::Lower => self.share(|d| d < 0.0),
            Claimed::NoLower => self.share(|d| d >= 0.0),
        }
    }
    /// Lower: robust when ≥ 80 % of members agree and the pooled CI lies below 0;
    /// contradicted when ≥ 80 % disagree and it lies above 0. NoLower: robust when ≥ 80 %
    /// agree and the pooled CI does not lie below 0; contradicted when ≥ 80 % disagree and it
    /// does. Anything else is fragile.
    fn verdict(&self) -> Verdict {
        let (mean, half) = mean_ci(&self.pooled);
        let (agree, disagree) = (self.share_claimed(), 1.0 - self.share_claimed());
        let below = mean + half < 0.0;
        let (holds, fails) = match self.claimed {
            Claimed::Lower => (below, mean - half > 0.0),
            Claimed::NoLower => (!below, below),
        };
        if agree >= 0.8 && holds {
            Verdict::Robust
        } else if disagree >= 0.8 && fails {
            Verdict::Contradicted
        } else {
            Verdict::Fragile
        }
    }
    fn quantile(&self, q: f64) -> f64 {
        let mut v = self.per_member.clone();
        v.sort_by(f64::total_cmp);
        v[((v.len() - 1) as f64 * q).round() as usize]
    }
}

/// The table of FINDINGS.md that reports a run's verdicts: the heading it follows (the start
/// of that heading's line) and which of its `verdict` columns (0: the first). None for the
/// runs it does not report: among other numbers of rivals, or among rivals with automation.
fn findings_table(field: Field, preset: AiPreset) -> Option<(&'static str, usize)> {
    match (field, preset) {
        (Field::Alone, AiPreset::None) => Some(("## 6. ", 0)),
        (Field::Alone, AiPreset::Central) => Some(("## 7. ", 0)),
        (Field::Alone, AiPreset::Fast) => Some(("## 7. ", 1)),
        (Field::Rivals(RIVALS_REPORTED), AiPreset::None) => Some(("### 8.1 ", 0)),
        (Field::Rivals(_), _) => None,
    }
}

const USAGE: &str = "usage: claims [--ai none|central|fast] [--rivals K]";

/// The command line: `--ai none|central|fast` and `--rivals K` (K ≥ 1), in any order.
fn parse_args(args: &[String]) -> Result<(AiPreset, Field), String> {
    let (mut preset, mut field) = (AiPreset::None, Field::Alone);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(USAGE)?;
        match flag.as_str() {
            "--ai" => {
                preset = AiPreset::from_name(value)
                    .ok_or_else(|| format!("--ai {value}: expected none, central or fast"))?;
            }
            "--rivals" => match value.parse::<usize>() {
                Ok(k) if (1..lpo_sim_core::market::MAX_FIRMS).contains(&k) => {
                    field = Field::Rivals(k);
                }
                _ => {
                    return Err(format!(
                        "--rivals {value}: expected a number of rivals from 1 to {}",
                        lpo_sim_core::market::MAX_FIRMS - 1
                    ));
                }
            },
            _ => return Err(USAGE.to_owned()),
        }
    }
    Ok((preset, field))
}

impl std::str::FromStr for Verdict {
    type Err = String;
    /// The first word of a table cell, bold or not: `robust`, `**contradicted**`,
    /// `fragile (was robust)`.
    fn from_str(cell: &str) -> Result<Self, String> {
        let word = cell
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches('*');
        match word.to_lowercase().as_str() {
            "robust" => Ok(Verdict::Robust),
            "fragile" => Ok(Verdict::Fragile),
            "contradicted" => Ok(Verdict::Contradicted),
            _ => Err(format!(
                "`{cell}` is no verdict (robust, fragile, contradicted)"
            )),
        }
    }
}

/// The verdicts FINDINGS.md reports for the claims `ids`: in the first table after the line
/// starting with `heading` (before the next heading) that has more than `column` columns named
/// `verdict`, the row of each id (its first cell) and that column. Rows of other ids are
/// skipped (claim 1 is not tested); each of `ids` must have exactly one row.
fn reported_verdicts(
    findings: &str,
    heading: &str,
    column: usize,
    ids: &[&str],
) -> Result<Vec<(String, Verdict)>, String> {
    let cells = |line: &str| -> Vec<String> {
        let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
        inner.split('|').map(|c| c.trim().to_owned()).collect()
    };
    let mut lines = findings
        .lines()
        .skip_while(|l| !l.starts_with(heading))
        .skip(1)
        .take_while(|l| !l.starts_with('#'))
        .peekable();
    let no_table = || {
        format!(
            "FINDINGS.md: no table with a verdict column {} under `{}`",
            column + 1,
            heading.trim()
        )
    };
    loop {
        // The next table: its header, then the |---| line, then the rows.
        while lines.next_if(|l| !l.starts_with('|')).is_some() {}
        let Some(header) = lines.next() else {
            return Err(no_table());
        };
        let header = cells(header);
        let rows: Vec<Vec<String>> = std::iter::from_fn(|| lines.next_if(|l| l.starts_with('|')))
            .skip(1)
            .map(cells)
            .collect();
        let Some(at) = header
            .iter()
            .enumerate()
            .filter(|(_, h)| h.as_str() == "verdict")
            .map(|(i, _)| i)
            .nth(column)
        else {
            continue;
        };
        let mut reported = Vec::new();
        for row in rows {
            if !ids.contains(&row[0].as_str()) {
                continue;
            }
            if row.len() != header.len() {
                return Err(format!(
                    "FINDINGS.md, under `{}`: row {:?} has {} cells, the header {}",
                    heading.trim(),
                    row[0],
                    row.len(),
                    header.len()
                ));
            }
            let verdict = row[at].parse::<Verdict>().map_err(|e| {
                format!(
                    "FINDINGS.md, under `{}`, claim {}: {e}",
                    heading.trim(),
                    row[0]
                )
            })?;
            reported.push((row[0].clone(), verdict));
        }
        for id in ids {
            let rows = reported.iter().filter(|(r, _)| r == id).count();
            if rows != 1 {
                return Err(format!(
                    "FINDINGS.md, under `{}`: claim {id} has {rows} rows, expected 1",
                    heading.trim()
                ));
            }
        }
        return Ok(reported);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../calibration/ensemble.json");
    let file = CalibrationFile::from_path(std::path::Path::new(path))?;
    let all: Vec<_> = file.members().collect();
    let step = all.len() as f64 / MEMBERS.min(all.len()) as f64;
    let members: Vec<_> = (0..MEMBERS.min(all.len()))
        .map(|i| all[(i as f64 * step) as usize])
        .collect();
    // `--ai central|fast`: the same claims with automation by generative AI on, over every
    // calibrated world (MODEL.md §5.7; the calibration itself is of the world without it).
    // `--rivals K`: the firm under test among K rule-based rivals (MODEL.md §5.8).
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (preset, field) = parse_args(&args)?;
    let base = Scenario {
        ai: preset.params(),
        ..Scenario::default()
    };
    let claims = claims();
    println!(
        "{} of the ensemble's {} members, {RUNS} paired seeds each (master seed {SEED} + member); \
         Δ = P(fail | advice taken) − P(fail | not), fail = insolvent or closed for low pay; \
         automation: {preset}",
        members.len(),
        all.len()
    );
    match field {
        Field::Alone => println!("the firm under test runs alone\n"),
        Field::Rivals(k) => println!(
            "the firm under test is entrant 0 of a market (market parameters at their defaults) \
             with {k} rivals running the rule-based strategy on the member's unchanged scenario; \
             each replicate seed is a market's\n"
        ),
    }

    let mut effects: Vec<Effect> = claims
        .iter()
        .map(|c| Effect {
            claimed: c.claimed,
            per_member: Vec::new(),
            pooled: Vec::new(),
        })
        .collect();
    // Per claim, the market-wide parameters its arms change for the rivals too (any member).
    let mut shared: Vec<std::collections::BTreeSet<String>> =
        vec![Default::default(); claims.len()];
    // The firm under test on the member's own scenario, for scale.
    let mut own = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let world = file.scenario_of(&base, member)?;
        let seed = SEED + i as u64;
        own.extend(Setup::new(&world, unchanged)?.failures(field, seed)?);
        for ((claim, effect), shared) in claims.iter().zip(&mut effects).zip(&mut shared) {
            let (a, b) = (Setup::new(&world, claim.a)?, Setup::new(&world, claim.b)?);
            if let Field::Rivals(_) = field {
                shared.extend(a.shared.iter().chain(&b.shared).map(|(p, _)| p.clone()));
            }
            let a = a.failures(field, seed)?;
            let b = b.failures(field, seed)?;
            let d: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x - y).collect();
            effect.per_member.push(mean_ci(&d).0);
            effect.pooled.extend(d);
        }
    }
    // Claim 9 as the article means it ("if necessary"): the consultant helps a founder who
    // lacks knowledge more than one who has it (difference in differences, member by member).
    let n9 = claims.iter().position(|c| c.id == "9n").expect("claim 9n");
    let e9 = claims.iter().position(|c| c.id == "9e").expect("claim 9e");
    let if_necessary = Effect {
        claimed: Claimed::Lower,
        per_member: effects[n9]
            .per_member
            .iter()
            .zip(&effects[e9].per_member)
            .map(|(n, e)| n - e)
            .collect(),
        pooled: effects[n9]
            .pooled
            .iter()
            .zip(&effects[e9].pooled)
            .map(|(n, e)| n - e)
            .collect(),
    };

    println!(
        "{:<4} {:<70} {:>9} {:>24} {:>18}  verdict",
        "#", "test", "claimed", "pooled Δ [95% CI]", "members p10..p90"
    );
    let row = |id: &str, test: &str, e: &Effect| {
        let (mean, half) = mean_ci(&e.pooled);
        println!(
            "{id:<4} {test:<70} {:>8.0}% {:>+8.3} [{:+.3}, {:+.3}] {:>+8.3}..{:<+8.3}  {:?}",
            100.0 * e.share_claimed(),
            mean,
            mean - half,
            mean + half,
            e.quantile(0.1),
            e.quantile(0.9),
            e.verdict()
        );
    };
    for ((claim, effect), shared) in claims.iter().zip(&effects).zip(&shared) {
        if shared.is_empty() {
            row(claim.id, claim.test, effect);
        } else {
            let paths: Vec<&str> = shared.iter().map(String::as_str).collect();
            let test = format!("{} [rivals too: {}]", claim.test, paths.join(", "));
            row(claim.id, &test, effect);
        }
    }
    row(
        "9",
        "consultant gains the novice more than the expert (9n − 9e)",
        &if_necessary,
    );
    if let Field::Rivals(_) = field {
        let changed = shared.iter().any(|s| !s.is_empty());
        println!(
            "{}",
            if changed {
                "[rivals too: …]: the arm changes a market-wide parameter, which every firm of a \
                 market shares, so the rivals run with it too"
            } else {
                "no arm changes a market-wide parameter: the rivals run the same scenario in both arms"
            }
        );
    }
    let (p, half) = mean_ci(&own);
    println!(
        "P(failure) of the firm under test on the members' own scenarios, pooled: {p:.3} \
         [{:.3}, {:.3}]",
        p - half,
        p + half
    );
    println!("\nclaims (the article's words):");
    for claim in &claims {
        println!("  {:<4} {}", claim.id, claim.article);
    }

    // Headlines: the verdicts FINDINGS.md reports, read from its table for this run (section
    // 6 alone, section 7 under automation, section 8.1 among 3 rivals). A change to the model
    // or the ensemble that moves one of them fails here, so FINDINGS.md cannot silently go
    // stale.
    let mut tested: Vec<(&str, &Effect)> = claims.iter().map(|c| c.id).zip(&effects).collect();
    tested.push(("9", &if_necessary));
    let found: Vec<(String, Verdict)> = tested
        .iter()
        .map(|(id, e)| ((*id).to_owned(), e.verdict()))
        .collect();
    println!("\nverdicts: {found:?}");
    let Some((heading, column)) = findings_table(field, preset) else {
        println!("FINDINGS.md reports no verdicts for this run: not asserted");
        return Ok(());
    };
    let findings = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../FINDINGS.md"))?;
    let ids: Vec<&str> = tested.iter().map(|(id, _)| *id).collect();
    let mut reported = reported_verdicts(&findings, heading, column, &ids)?;
    let order = |id: &String| ids.iter().position(|i| i == id);
    reported.sort_by_key(|(id, _)| order(id));
    assert_eq!(
        found,
        reported,
        "verdicts differ from FINDINGS.md's table under `{}` (verdict column {})",
        heading.trim(),
        column + 1
    );
    println!(
        "as FINDINGS.md reports (the table under `{}`)",
        heading.trim()
    );
    Ok(())
}
