//! The output of `lpo-sim replay`: one replicate of a study, as an event log (a line per
//! month in which something happened), as JSON, or as one CSV row per month.

use super::table::{Align, TextTable, money, write_key_values, write_outcome};
use lpo_sim_core::{BuiltinStrategy, MonthRecord, RunOutcome};
use serde::Serialize;
use std::io::{self, Write};

/// One replicate, re-run.
#[derive(Debug, Clone)]
pub struct ReplayReport {
    /// Where the scenario came from.
    pub origin: String,
    /// The strategy.
    pub strategy: BuiltinStrategy,
    /// Master seed of the study.
    pub study_seed: u64,
    /// Replicate index in the study.
    pub run: u64,
    /// The replicate's own seed: `replicate_seed(study_seed, run)`.
    pub run_seed: u64,
    /// Currency label.
    pub currency: String,
    /// Horizon of the scenario.
    pub horizon_months: u32,
    /// Every month, in order.
    pub months: Vec<MonthRecord>,
    /// The outcome: the same as the replicate's row in `mc --csv`.
    pub outcome: RunOutcome,
}

impl ReplayReport {
    pub(crate) fn write_log(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "replay of replicate {}  |  scenario {}  |  strategy {}  |  study seed {}  |  run \
             seed {}  |  amounts in {}",
            self.run, self.origin, self.strategy, self.study_seed, self.run_seed, self.currency
        )?;
        writeln!(
            out,
            "one line per month in which something happened; cash, staff and clients at month end"
        )?;
        writeln!(out)?;
        let mut table = TextTable::new(&[
            ("month", Align::Right),
            ("cash", Align::Right),
            ("staff", Align::Right),
            ("clients", Align::Right),
            ("events", Align::Left),
        ]);
        let mut previous: Option<&MonthRecord> = None;
        for m in &self.months {
            let happened = events(previous, m);
            previous = Some(m);
            if happened.is_empty() {
                continue;
            }
            table.push(vec![
                m.month.to_string(),
                money(m.cash),
                m.headcount().to_string(),
                m.total_clients().to_string(),
                happened.join("; "),
            ]);
        }
        table.write(out)?;
        writeln!(out)?;
        writeln!(out, "outcome of replicate {}", self.run)?;
        write_outcome(out, &self.outcome, self.horizon_months, &self.currency)?;
        write_key_values(
            out,
            &[("final cash, exact", self.outcome.final_cash.to_string())],
        )
    }

    pub(crate) fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let json = ReplayJson {
            scenario: &self.origin,
            strategy: self.strategy.name(),
            study_seed: self.study_seed,
            run: self.run,
            run_seed: self.run_seed,
            months: &self.months,
            outcome: &self.outcome,
        };
        serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::from)?;
        writeln!(out)
    }
}

#[derive(Serialize)]
struct ReplayJson<'a> {
    scenario: &'a str,
    strategy: &'a str,
    study_seed: u64,
    run: u64,
    run_seed: u64,
    months: &'a [MonthRecord],
    outcome: &'a RunOutcome,
}

/// What happened in month `m`, given the month before (none for the first).
fn events(previous: Option<&MonthRecord>, m: &MonthRecord) -> Vec<String> {
    let plural = |n: u32, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut events = Vec::new();
    if m.hires > 0 {
        events.push(format!("decided to hire {}", m.hires));
    }
    if m.arrivals > 0 {
        events.push(format!("{} started", plural(m.arrivals, "hire", "hires")));
    }
    if m.quits > 0 {
        events.push(format!("{} quit", m.quits));
    }
    if m.layoffs > 0 {
        events.push(format!("{} laid off", m.layoffs));
    }
    if m.clients_won > 0 {
        events.push(format!(
            "won {}",
            plural(m.clients_won, "client", "clients")
        ));
    }
    if m.clients_lost > 0 {
        events.push(format!(
            "lost {}",
            plural(m.clients_lost, "client", "clients")
        ));
    }
    if m.errors_made > 0 {
        events.push(format!(
            "{} made ({} caught, {} escaped to clients)",
            plural(m.errors_made, "error", "errors"),
            m.errors_caught,
            m.errors_escaped
        ));
    }
    let was_engaged = previous.is_some_and(|p| p.consultant_engaged);
    if m.consultant_engaged && !was_engaged {
        events.push("consultant engaged".to_owned());
    } else if !m.consultant_engaged && was_engaged {
        events.push("consultant no longer engaged".to_owned());
    }
    let was_certified = previous.is_some_and(|p| p.certified);
    if m.certified && !was_certified {
        events.push("certification obtained".to_owned());
    } else if !m.certified && was_certified {
        events.push("certification lapsed".to_owned());
    }
    if m.bankrupt {
        events.push("BANKRUPT: out of cash".to_owned());
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use lpo_sim_core::{Recorder, Scenario, Simulation};

    #[test]
    fn events_name_what_changed() {
        let scenario = Scenario::default();
        let strategy = BuiltinStrategy::Aggressive.build(&scenario.strategy.rule);
        let mut months = Recorder::default();
        Simulation::new(&scenario, strategy, 3)
            .unwrap()
            .run_with(&mut months)
            .unwrap();
        let mut quiet = months.months[0];
        quiet.hires = 0;
        quiet.arrivals = 0;
        quiet.quits = 0;
        quiet.layoffs = 0;
        quiet.clients_won = 0;
        quiet.clients_lost = 0;
        quiet.errors_made = 0;
        quiet.consultant_engaged = false;
        quiet.certified = false;
        quiet.bankrupt = false;
        assert!(events(None, &quiet).is_empty());

        let mut busy = quiet;
        busy.hires = 2;
        busy.arrivals = 1;
        busy.clients_won = 1;
        busy.errors_made = 3;
        busy.errors_caught = 2;
        busy.errors_escaped = 1;
        busy.certified = true;
        busy.bankrupt = true;
        assert_eq!(
            events(Some(&quiet), &busy),
            [
                "decided to hire 2",
                "1 hire started",
                "won 1 client",
                "3 errors made (2 caught, 1 escaped to clients)",
                "certification obtained",
                "BANKRUPT: out of cash"
            ]
        );
        assert_eq!(events(Some(&busy), &quiet), ["certification lapsed"]);
    }
}
