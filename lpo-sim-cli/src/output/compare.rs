//! The output of `lpo-sim compare`: each strategy's odds, then every pair's paired
//! differences on common random numbers; and the same as JSON.

use super::study::{Kind, count, percent2, proportion};
use super::table::{Align, TextTable, money};
use lpo_sim_core::mc::{Comparison, PairStats, PairSummary, StopReason};
use serde::Serialize;
use std::io::{self, Write};

/// A comparison and what it compared.
#[derive(Debug, Clone)]
pub struct CompareReport<'a> {
    /// Scenario label.
    pub scenario: &'a str,
    /// [`lpo_sim_core::Scenario::fingerprint`].
    pub scenario_fingerprint: String,
    /// Currency of amounts.
    pub currency: &'a str,
    /// Master seed.
    pub seed: u64,
    /// Replicates planned.
    pub runs: u64,
    /// The result.
    pub comparison: &'a Comparison,
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

    /// Prints the comparison.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = self.comparison;
        let currency = self.currency;
        writeln!(
            out,
            "Strategy comparison  |  scenario {}  |  seed {}  |  {} replicates, every strategy \
             on the same seeds  |  amounts in {currency}",
            self.scenario,
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
        writeln!(out)?;

        let mut table = TextTable::new(&[
            ("strategy", Align::Left),
            ("P(bankruptcy)", Align::Right),
            ("95 % CI (Wilson)", Align::Right),
            ("median final cash", Align::Right),
            ("mean final cash", Align::Right),
            ("P(break-even)", Align::Right),
        ]);
        for (name, s) in c.names.iter().zip(&c.summaries) {
            let b = &s.bankruptcy;
            table.push(vec![
                name.clone(),
                percent2(b.estimate),
                format!("{} to {}", percent2(b.wilson95[0]), percent2(b.wilson95[1])),
                Kind::Money.value(s.outcomes.final_cash.median()),
                Kind::Money.value(s.outcomes.final_cash.mean),
                percent2(s.break_even.estimate),
            ]);
        }
        table.write(out)?;

        for pair in &c.pairs {
            writeln!(out)?;
            write_pair(out, pair, currency)?;
        }
        Ok(())
    }

    /// Prints the comparison as JSON with a header identifying it. Nothing in it depends on
    /// the clock, the machine or the thread count.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = self.comparison;
        let json = CompareJson {
            version: env!("CARGO_PKG_VERSION"),
            scenario_fingerprint: &self.scenario_fingerprint,
            seed: self.seed,
            strategies: &c.names,
            runs: self.runs,
            partial: self.partial(),
            comparison: c,
        };
        serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::from)?;
        writeln!(out)
    }
}

#[derive(Serialize)]
struct CompareJson<'a> {
    version: &'a str,
    scenario_fingerprint: &'a str,
    seed: u64,
    strategies: &'a [String],
    runs: u64,
    partial: bool,
    comparison: &'a Comparison,
}

fn write_pair(out: &mut dyn Write, pair: &PairSummary, currency: &str) -> io::Result<()> {
    let (a, b) = (&pair.a, &pair.b);
    let o = &pair.outcomes;
    writeln!(
        out,
        "{a} vs {b}  (A = {a}, B = {b}; paired over the same {} seeds)",
        count(pair.survived.n)
    )?;
    let survived = &pair.survived;
    let points = |x: f64| {
        if x.is_finite() {
            format!("{:+.2}", x * 100.0)
        } else {
            "-".to_owned()
        }
    };
    let lines = [
        (
            format!("P({a} survives) − P({b} survives)"),
            format!(
                "{} points  (95 % CI {} to {})",
                points(survived.mean_difference),
                points(survived.ci95[0]),
                points(survived.ci95[1])
            ),
        ),
        (
            "final cash, mean A − B".to_owned(),
            difference(&o.final_cash, Kind::Money, &format!(" {currency}")),
        ),
        (
            "total profit, mean A − B".to_owned(),
            difference(&o.total_profit, Kind::Money, &format!(" {currency}")),
        ),
        (
            "months survived, mean A − B".to_owned(),
            difference(&o.months_survived, Kind::Count("months"), " months"),
        ),
        (
            format!("P({a} > {b}) on final cash"),
            proportion(&o.final_cash.a_greater, "seeds"),
        ),
    ];
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

#[cfg(test)]
mod tests {
    use super::*;
    use lpo_sim_core::mc::Proportion;

    fn stats(variance_reduction: f64) -> PairStats {
        PairStats {
            n: 100,
            mean_difference: 1500.0,
            ci95: [-200.0, 3200.0],
            a_greater: Proportion::new(60, 100),
            b_greater: Proportion::new(40, 100),
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
    }
}
