//! Spreadsheet output: a header and one flat row per month. Per-line values get one column
//! per service line (`associates_document_review`), named from the library's line list.

use super::{CareerReport, RunReport, action_parts, state_parts};
use lpo_sim_core::{CareerMonth, MonthRecord, PerLine};
use std::fmt::Display;
use std::io::{self, Write};

/// Prints one row per month of the firm.
pub fn write_run(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    write_months(&report.months, out)
}

/// Prints one row per month record.
pub fn write_months(months: &[MonthRecord], out: &mut dyn Write) -> io::Result<()> {
    write_rows(out, months.iter().map(month_row))
}

/// Prints one row per month of the career.
pub fn write_career(report: &CareerReport, out: &mut dyn Write) -> io::Result<()> {
    write_rows(out, report.months.iter().map(career_row))
}

/// Column names and values built together, so the header cannot drift from the rows.
#[derive(Default)]
struct Row {
    names: Vec<String>,
    values: Vec<String>,
}

impl Row {
    fn push(&mut self, name: &str, value: impl Display) {
        self.names.push(name.to_owned());
        self.values.push(value.to_string());
    }

    fn push_per_line<T: Display + Copy>(&mut self, prefix: &str, values: &PerLine<T>) {
        for (line, value) in values.iter() {
            self.push(&format!("{prefix}_{line}"), value);
        }
    }
}

fn month_row(m: &MonthRecord) -> Row {
    let c = &m.costs;
    let mut row = Row::default();
    row.push("month", m.month);
    row.push("cash_start", m.cash_start);
    row.push("cash", m.cash);
    row.push("revenue", m.revenue);
    row.push("costs_total", c.total());
    for (category, amount) in c.categories() {
        row.push(&format!("costs_{category}"), amount);
    }
    row.push("profit", m.profit);
    row.push_per_line("associates", &m.associates);
    row.push("associates_total", m.associates.total());
    row.push("trainers", m.trainers);
    row.push("hires", m.hires);
    row.push("arrivals", m.arrivals);
    row.push("layoffs", m.layoffs);
    row.push("quits", m.quits);
    row.push("trainees", m.trainees);
    row.push("training_strength", m.training_strength);
    row.push("leads", m.leads);
    row.push("clients_won", m.clients_won);
    row.push("clients_lost", m.clients_lost);
    row.push_per_line("clients", &m.clients);
    row.push("clients_total", m.total_clients());
    row.push("mean_trust", m.mean_trust);
    row.push("perceived_trust", m.perceived_trust);
    row.push("demand_hours", m.demand_hours.sum());
    row.push("capacity_hours", m.capacity_hours.sum());
    row.push("founder_hours", m.founder_hours.sum());
    row.push("delivered_hours", m.delivered_hours.sum());
    row.push("utilisation", m.utilisation);
    row.push("late_share", m.late_share);
    row.push("errors_made", m.errors_made);
    row.push("errors_caught", m.errors_caught);
    row.push("errors_escaped", m.errors_escaped);
    row.push("certified", m.certified);
    row.push("consultant_engaged", m.consultant_engaged);
    row.push("bankrupt", m.bankrupt);
    row
}

fn career_row(m: &CareerMonth) -> Row {
    let p = &m.person;
    let (action, action_detail) = action_parts(m.action);
    let (state, state_detail) = state_parts(p.state);
    let mut row = Row::default();
    row.push("month", m.month);
    row.push("action", action);
    row.push("action_detail", action_detail.unwrap_or(""));
    row.push("state", state);
    row.push("state_detail", state_detail.unwrap_or(""));
    row.push("pay", m.pay);
    row.push("savings", p.savings);
    row.push("legal_knowledge", p.legal_knowledge);
    row.push_per_line("knowledge", &p.knowledge);
    row.push("network_contacts", p.network_contacts);
    row.push("has_law_degree", p.has_law_degree);
    row.push("law_office_months", p.law_office_months);
    row.push("lpo_months", p.lpo_months);
    row
}

/// Writes the header of the first row, then every row. No rows, no output: there is no
/// record to name the columns from (a scenario always has at least one month).
fn write_rows(out: &mut dyn Write, rows: impl Iterator<Item = Row>) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    for (index, row) in rows.enumerate() {
        if index == 0 {
            writer.write_record(&row.names).map_err(into_io)?;
        }
        writer.write_record(&row.values).map_err(into_io)?;
    }
    writer.flush()
}

/// Keeps the io::ErrorKind (csv's own conversion drops it), so a closed pipe is still
/// recognised as one.
pub(crate) fn into_io(error: csv::Error) -> io::Error {
    let kind = match error.kind() {
        csv::ErrorKind::Io(source) => source.kind(),
        _ => io::ErrorKind::Other,
    };
    io::Error::new(kind, error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lpo_sim_core::{BuiltinStrategy, Recorder, Scenario, Simulation};

    #[test]
    fn header_names_are_unique_and_match_row_length() {
        let scenario = Scenario::default();
        let strategy = BuiltinStrategy::RuleBased.build(&scenario.strategy.rule);
        let mut sim = Simulation::new(&scenario, strategy, 1).unwrap();
        let mut months = Recorder::default();
        sim.run_with(&mut months).unwrap();
        let row = month_row(&months.months[0]);
        assert_eq!(row.names.len(), row.values.len());
        let mut unique = row.names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            row.names.len(),
            "duplicate column in {:?}",
            row.names
        );
        assert!(row.names.contains(&"associates_document_review".to_owned()));
        assert!(row.names.contains(&"costs_founder_draw".to_owned()));
    }
}
