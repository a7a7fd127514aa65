//! The output of `lpo-sim compare`: each arm's odds, then each arm's paired differences from
//! the baseline on common random numbers; the same as JSON, and as CSV rows.

use super::study::{Kind, count, percent2, proportion, write_worlds};
use super::table::{Align, TextTable, money};
use lpo_sim_core::mc::{Comparison, McSummary, Outcome, PairStats, PairSummary, StopReason};
use serde::Serialize;
use std::io::{self, Write};

/// The name of the arm that runs the scenario as given, when the others are its variants.
pub const BASELINE: &str = "baseline";

/// What the arms of a comparison differ in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compared {
    /// Two or more scenario files.
    Scenarios,
    /// Two or more strategies.
    Strategies,
    /// The scenario as given and one or more variants of it.
    Variants,
}

impl Compared {
    /// What one arm is, in words ("scenario", "strategy", "variant").
    pub fn noun(self) -> &'static str {
        match self {
            Compared::Scenarios => "scenario",
            Compared::Strategies => "strategy",
            Compared::Variants => "variant",
        }
    }
}

/// One arm as the outputs describe it.
#[derive(Debug, Clone, Serialize)]
pub struct ArmInfo {
    /// Its name.
    pub name: String,
    /// Where its scenario came from, with its changes.
    pub scenario: String,
    /// [`lpo_sim_core::Scenario::fingerprint`] of its scenario.
    pub scenario_fingerprint: String,
    /// Its strategy.
    pub strategy: String,
    /// Its horizon, months.
    pub horizon_months: u32,
}

/// A comparison and what it compared.
#[derive(Debug, Clone)]
pub struct CompareReport<'a> {
    /// What the arms differ in.
    pub compared: Compared,
    /// The arms, the baseline first.
    pub arms: &'a [ArmInfo],
    /// Currency of amounts (the same in every arm).
    pub currency: &'a str,
    /// Master seed.
    pub seed: u64,
    /// Replicates planned.
    pub runs: u64,
    /// Each replicate ran the founder's career first (`--lifecycle`).
    pub lifecycle: bool,
    /// `--ensemble FILE`, and the ensemble parameters left to the arms.
    pub ensemble: Option<(&'a str, &'a [String])>,
    /// The result.
    pub comparison: &'a Comparison,
}

/// What a comparison measures for every arm, and pairs with the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// P(bankruptcy by the horizon).
    Bankrupt,
    /// P(open at the horizon).
    Open,
    /// P(break-even).
    BreakEven,
    /// An outcome's mean.
    Mean(Outcome),
}

impl Measure {
    /// The measures of the text table and the report's charts.
    pub const MAIN: [Measure; 7] = [
        Measure::Bankrupt,
        Measure::Open,
        Measure::BreakEven,
        Measure::Mean(Outcome::FinalCash),
        Measure::Mean(Outcome::TotalProfit),
        Measure::Mean(Outcome::FounderIncome),
        Measure::Mean(Outcome::MonthsSurvived),
    ];

    /// Every measure: the odds, then every outcome's mean (the CSV rows).
    pub fn all() -> Vec<Measure> {
        [Measure::Bankrupt, Measure::Open, Measure::BreakEven]
            .into_iter()
            .chain(Outcome::ALL.map(Measure::Mean))
            .collect()
    }

    /// Its name in the CSV file: `p_bankrupt`, `mean:final_cash`.
    pub fn key(self) -> String {
        match self {
            Measure::Bankrupt => "p_bankrupt".to_owned(),
            Measure::Open => "p_open".to_owned(),
            Measure::BreakEven => "p_break_even".to_owned(),
            Measure::Mean(o) => format!("mean:{o}"),
        }
    }

    /// What a reader calls it; `horizon` is `None` when the arms' horizons differ.
    pub fn label(self, horizon: Option<u32>) -> String {
        match self {
            Measure::Bankrupt => "P(bankruptcy)".to_owned(),
            Measure::Open => match horizon {
                Some(h) => format!("P(open at month {h})"),
                None => "P(open at the horizon)".to_owned(),
            },
            Measure::BreakEven => "P(break-even)".to_owned(),
            Measure::Mean(o) => format!("{}, mean", o.label()),
        }
    }

    /// Whether it is a share (its differences are percentage points).
    pub fn is_share(self) -> bool {
        !matches!(self, Measure::Mean(_))
    }

    /// Its unit in the CSV file and the report: `share`, the currency, `months`.
    pub fn unit(self, currency: &str) -> String {
        match self {
            Measure::Mean(o) => match Kind::of(o) {
                Kind::Money => currency.to_owned(),
                Kind::Trust => "level".to_owned(),
                Kind::Count(things) => things.to_owned(),
            },
            _ => "share".to_owned(),
        }
    }

    /// An arm's value.
    pub fn value(self, s: &McSummary) -> f64 {
        match self {
            Measure::Bankrupt => s.bankruptcy.estimate,
            Measure::Open => s.open.estimate,
            Measure::BreakEven => s.break_even.estimate,
            Measure::Mean(o) => s.outcomes[o].mean,
        }
    }

    /// A pair's statistics of it.
    pub fn stats(self, pair: &PairSummary) -> &PairStats {
        match self {
            Measure::Bankrupt => &pair.odds.bankrupt,
            Measure::Open => &pair.odds.open,
            Measure::BreakEven => &pair.odds.break_even,
            Measure::Mean(o) => &pair.outcomes[o],
        }
    }
}

impl CompareReport<'_> {
    /// Fewer replicates than planned (Ctrl-C).
    pub fn partial(&self) -> bool {
        self.comparison.stop == StopReason::Cancelled
    }

    fn replicates_run(&self) -> u64 {
        let r = &self.comparison.replicates;
        r.end.saturating_sub(r.start)
    }

    /// The arms' common horizon, if they have one.
    pub fn horizon(&self) -> Option<u32> {
        let first = self.arms.first()?.horizon_months;
        self.arms
            .iter()
            .all(|a| a.horizon_months == first)
            .then_some(first)
    }

    /// "Scenario comparison" and the like.
    pub fn title(&self) -> String {
        let noun = self.compared.noun();
        let mut title = format!("{}{} comparison", noun[..1].to_uppercase(), &noun[1..]);
        if self.lifecycle {
            title.push_str(" (lifecycle: career, then firm)");
        }
        title
    }

    /// Prints the comparison.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = self.comparison;
        let currency = self.currency;
        writeln!(
            out,
            "{}  |  seed {}  |  {} replicates, every arm on the same seeds  |  amounts in \
             {currency}",
            self.title(),
            self.seed,
            count(self.replicates_run())
        )?;
        if self.partial() {
            writeln!(
                out,
                "PARTIAL (interrupted): {} of {} planned replicates ran; every figure below \
                 covers only those",
                count(self.replicates_run()),
                count(self.runs)
            )?;
        }
        if let Some((file, dropped)) = self.ensemble {
            write!(
                out,
                "every arm's replicate k ran with the same plausible parameter set of {file}"
            )?;
            if dropped.is_empty() {
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "; the arms keep their own {} (they differ in it)",
                    dropped.join(", ")
                )?;
            }
        }
        writeln!(out)?;

        let mut arms = TextTable::new(&[
            ("arm", Align::Left),
            ("scenario", Align::Left),
            ("strategy", Align::Left),
        ]);
        for (i, arm) in self.arms.iter().enumerate() {
            let role = if i == 0 && arm.name != BASELINE {
                " (baseline)"
            } else {
                ""
            };
            arms.push(vec![
                format!("{}{role}", arm.name),
                arm.scenario.clone(),
                arm.strategy.clone(),
            ]);
        }
        arms.write(out)?;
        writeln!(out)?;

        let horizon = self.horizon();
        let open = Measure::Open.label(horizon);
        let mut table = TextTable::new(&[
            ("arm", Align::Left),
            ("P(bankruptcy)", Align::Right),
            ("95 % CI (Wilson)", Align::Right),
            (open.as_str(), Align::Right),
            ("P(break-even)", Align::Right),
            ("median final cash", Align::Right),
            ("mean final cash", Align::Right),
            ("mean founder income", Align::Right),
        ]);
        for (name, s) in c.names.iter().zip(&c.summaries) {
            let b = &s.bankruptcy;
            table.push(vec![
                name.clone(),
                percent2(b.estimate),
                format!("{} to {}", percent2(b.wilson95[0]), percent2(b.wilson95[1])),
                percent2(s.open.estimate),
                percent2(s.break_even.estimate),
                Kind::Money.value(s.outcomes.final_cash.median()),
                Kind::Money.value(s.outcomes.final_cash.mean),
                Kind::Money.value(s.outcomes.founder_income.mean),
            ]);
        }
        table.write(out)?;

        if c.careers.iter().any(Option::is_some) {
            writeln!(out)?;
            writeln!(out, "careers that founded the firms")?;
            let mut careers = TextTable::new(&[
                ("arm", Align::Left),
                ("founded", Align::Right),
                ("months to found, mean", Align::Right),
                ("savings at founding, mean", Align::Right),
                ("law degree", Align::Right),
            ]);
            for (name, career) in c.names.iter().zip(&c.careers) {
                if let Some(k) = career {
                    careers.push(vec![
                        name.clone(),
                        percent2(k.founded.estimate),
                        format!("{:.1}", k.months.mean),
                        Kind::Money.value(k.savings.mean),
                        percent2(k.law_degree.estimate),
                    ]);
                }
            }
            careers.write(out)?;
        }

        for pair in &c.pairs {
            writeln!(out)?;
            write_pair(out, pair, currency, horizon)?;
        }
        Ok(())
    }

    /// Prints the comparison as JSON with a header identifying it. Nothing in it depends on
    /// the clock, the machine or the thread count.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = self.comparison;
        let json = CompareJson {
            version: env!("CARGO_PKG_VERSION"),
            compared: self.compared.noun(),
            seed: self.seed,
            runs: self.runs,
            partial: self.partial(),
            lifecycle: self.lifecycle,
            ensemble: self.ensemble.map(|(file, _)| file),
            ensemble_left_to_arms: self.ensemble.map_or(&[][..], |(_, d)| d),
            currency: self.currency,
            baseline: &c.names[0],
            arms: self.arms,
            comparison: c,
        };
        serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::from)?;
        writeln!(out)
    }

    /// Prints one CSV row per arm and measure: the arm's value and, for every arm after the
    /// baseline, the paired difference from the baseline with its 95 % interval.
    pub fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = self.comparison;
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "arm",
            "baseline",
            "measure",
            "unit",
            "value",
            "baseline_value",
            "difference",
            "ci95_low",
            "ci95_high",
            "n_paired",
            "share_arm_greater",
            "share_baseline_greater",
        ])?;
        let number = |x: f64| {
            if x.is_finite() {
                x.to_string()
            } else {
                String::new()
            }
        };
        for (i, (name, s)) in c.names.iter().zip(&c.summaries).enumerate() {
            for measure in Measure::all() {
                let value = number(measure.value(s));
                let baseline = number(measure.value(&c.summaries[0]));
                let paired = i
                    .checked_sub(1)
                    .and_then(|j| c.pairs.get(j))
                    .map(|p| measure.stats(p));
                let mut row = vec![
                    name.clone(),
                    c.names[0].clone(),
                    measure.key(),
                    measure.unit(self.currency),
                    value,
                    baseline,
                ];
                match paired {
                    Some(p) => row.extend([
                        number(p.mean_difference),
                        number(p.ci95[0]),
                        number(p.ci95[1]),
                        p.n.to_string(),
                        number(p.arm_greater.estimate),
                        number(p.baseline_greater.estimate),
                    ]),
                    None => row.extend(std::iter::repeat_n(String::new(), 6)),
                }
                w.write_record(&row)?;
            }
        }
        w.flush()
    }
}

#[derive(Serialize)]
struct CompareJson<'a> {
    version: &'a str,
    compared: &'a str,
    seed: u64,
    runs: u64,
    partial: bool,
    lifecycle: bool,
    ensemble: Option<&'a str>,
    ensemble_left_to_arms: &'a [String],
    currency: &'a str,
    baseline: &'a str,
    arms: &'a [ArmInfo],
    comparison: &'a Comparison,
}

/// A difference in percentage points, signed: `+1.25`.
pub fn points(x: f64) -> String {
    if x == 0.0 {
        "0.00".to_owned()
    } else if x.is_finite() {
        format!("{:+.2}", x * 100.0)
    } else {
        "-".to_owned()
    }
}

fn write_pair(
    out: &mut dyn Write,
    pair: &PairSummary,
    currency: &str,
    horizon: Option<u32>,
) -> io::Result<()> {
    let (baseline, arm) = (&pair.baseline, &pair.arm);
    let o = &pair.outcomes;
    writeln!(
        out,
        "{arm} − {baseline}  (arm − baseline, paired over the same {} seeds)",
        count(pair.odds.open.n)
    )?;
    let mut lines: Vec<(String, String)> = Measure::MAIN
        .iter()
        .map(|&m| {
            let stats = m.stats(pair);
            let value = match m {
                Measure::Mean(outcome) => {
                    let kind = Kind::of(outcome);
                    let unit = match kind {
                        Kind::Money => format!(" {currency}"),
                        Kind::Count(things) => format!(" {things}"),
                        Kind::Trust => String::new(),
                    };
                    difference(stats, kind, &unit)
                }
                _ => format!(
                    "{} points  (95 % CI {} to {})",
                    points(stats.mean_difference),
                    points(stats.ci95[0]),
                    points(stats.ci95[1])
                ),
            };
            (m.label(horizon), value)
        })
        .collect();
    lines.push((
        format!("P({arm} > {baseline}) on final cash"),
        proportion(&o.final_cash.arm_greater, "seeds"),
    ));
    let width = lines
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    for (key, value) in &lines {
        writeln!(out, "  {key:<width$}{value}")?;
    }
    writeln!(out, "  {}", variance_reduction(&o.final_cash))
}

fn difference(stats: &PairStats, kind: Kind, unit: &str) -> String {
    let signed = |x: f64| {
        let text = kind.value(x);
        if x > 0.0 && x.is_finite() {
            format!("+{text}")
        } else {
            text
        }
    };
    format!(
        "{}{unit}  (95 % CI {} to {})",
        signed(stats.mean_difference),
        signed(stats.ci95[0]),
        signed(stats.ci95[1])
    )
}

/// The variance reduction factor in words.
fn variance_reduction(stats: &PairStats) -> String {
    let factor = stats.variance_reduction;
    if factor.is_infinite() {
        "common random numbers made the final-cash difference constant: it did not vary from \
         seed to seed at all"
            .to_owned()
    } else if factor.is_finite() {
        let shown = if factor >= 10.0 {
            money(factor)
        } else {
            format!("{factor:.1}")
        };
        format!(
            "common random numbers made the final-cash difference {shown}× less variable than \
             independent seeds would"
        )
    } else {
        "too few replicates to measure what common random numbers gained".to_owned()
    }
}

impl CompareReport<'_> {
    /// The table, then, over an ensemble, each arm's odds across the plausible worlds.
    pub(crate) fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        self.write_table(out)?;
        let origin = self.ensemble.map(|(origin, _)| origin);
        let c = self.comparison;
        for (name, summary) in c.names.iter().zip(&c.summaries) {
            if let Some(ensemble) = &summary.ensemble {
                writeln!(out)?;
                writeln!(out, "{} {name}", self.compared.noun())?;
                write_worlds(out, summary, ensemble, origin)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lpo_sim_core::mc::Proportion;

    fn stats(variance_reduction: f64) -> PairStats {
        PairStats {
            n: 100,
            mean_difference: 1500.0,
            ci95: [-200.0, 3200.0],
            arm_greater: Proportion::new(60, 100),
            baseline_greater: Proportion::new(40, 100),
            variance_reduction,
        }
    }

    #[test]
    fn variance_reduction_is_said_in_words() {
        assert!(variance_reduction(&stats(7.345)).contains("7.3× less variable"));
        assert!(variance_reduction(&stats(1234.0)).contains("1,234× less variable"));
        assert!(variance_reduction(&stats(f64::INFINITY)).contains("did not vary"));
        assert!(variance_reduction(&stats(f64::NAN)).contains("too few"));
    }

    #[test]
    fn differences_carry_their_sign_and_interval() {
        assert_eq!(
            difference(&stats(2.0), Kind::Money, " USD"),
            "+1,500 USD  (95 % CI -200 to +3,200)"
        );
        assert_eq!(points(0.0125), "+1.25");
        assert_eq!(points(f64::NAN), "-");
        assert_eq!(points(0.0), "0.00");
    }

    #[test]
    fn measures_have_distinct_keys_and_name_the_horizon() {
        let keys: Vec<String> = Measure::all().into_iter().map(Measure::key).collect();
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len());
        assert_eq!(Measure::Open.label(Some(24)), "P(open at month 24)");
        assert_eq!(Measure::Open.label(None), "P(open at the horizon)");
        assert_eq!(Measure::Mean(Outcome::FinalCash).unit("EUR"), "EUR");
    }
}
