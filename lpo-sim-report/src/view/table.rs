//! Human-readable output: a header line, aligned columns, a summary block.

use super::{CareerReport, RunReport, action_parts, state_parts};
use lpo_sim_core::{ClosureReason, FounderProfile, MonthRecord, RunOutcome, ServiceLine};
use std::io::{self, Write};

/// Prints a firm trajectory: header, one line per month, summary.
pub fn write_run(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "scenario {}  |  strategy {}  |  seed {}  |  amounts in {}",
        report.origin, report.strategy, report.seed, report.currency
    )?;
    writeln!(out)?;

    let mut table = TextTable::new(&[
        ("month", Align::Right),
        ("cash", Align::Right),
        ("revenue", Align::Right),
        ("costs", Align::Right),
        ("profit", Align::Right),
        ("associates", Align::Right),
        ("trainers", Align::Right),
        ("clients", Align::Right),
        ("won/lost", Align::Right),
        ("trust", Align::Right),
        ("util", Align::Right),
        ("escaped", Align::Right),
        ("quits", Align::Right),
    ]);
    for m in &report.months {
        table.push(month_cells(m));
    }
    table.write(out)?;

    writeln!(out)?;
    writeln!(out, "summary")?;
    write_outcome(
        out,
        &report.outcome,
        report.horizon_months,
        &report.currency,
    )
}

/// The outcome of one run as a key-value block.
pub(crate) fn write_outcome(
    out: &mut dyn Write,
    o: &RunOutcome,
    horizon_months: u32,
    currency: &str,
) -> io::Result<()> {
    let outcome = match (o.bankrupt_month, o.closed_month) {
        (Some(month), _) => format!("bankrupt in month {month}"),
        (None, Some(month)) => match o.closure_reason {
            Some(ClosureReason::LowIncome) => {
                format!("closed by its founder in month {month} (low income)")
            }
            Some(ClosureReason::Exit) => {
                format!("closed by its founder in month {month} (exit: sale, retirement)")
            }
            Some(ClosureReason::CashRunningOut) => {
                format!("closed by its founder in month {month} (losing money, cash running out)")
            }
            None => format!("closed by its founder in month {month}"),
        },
        (None, None) if o.months_run >= horizon_months => {
            format!("survived all {} months", o.months_run)
        }
        (None, None) => format!("running after {} months", o.months_run),
    };
    let break_even = o
        .break_even_month
        .map_or_else(|| "never".to_owned(), |month| format!("month {month}"));
    let lines: [(&str, String); 11] = [
        ("outcome", outcome),
        ("final cash", format!("{} {currency}", money(o.final_cash))),
        (
            "total revenue",
            format!("{} {currency}", money(o.total_revenue)),
        ),
        (
            "total profit",
            format!("{} {currency}", money(o.total_profit)),
        ),
        ("peak headcount", o.peak_headcount.to_string()),
        ("final headcount", o.final_headcount.to_string()),
        ("final clients", o.final_clients.to_string()),
        ("final mean trust", format!("{:.2}", o.final_mean_trust)),
        ("break-even", break_even),
        ("errors escaped", o.errors_escaped.to_string()),
        (
            "founder income",
            format!("{} {currency}", money(o.founder_income)),
        ),
    ];
    write_key_values(out, &lines)
}

fn month_cells(m: &MonthRecord) -> Vec<String> {
    vec![
        m.month.to_string(),
        money(m.cash),
        money(m.revenue),
        money(m.costs.total()),
        money(m.profit),
        m.associates.total().to_string(),
        m.trainers.to_string(),
        m.total_clients().to_string(),
        format!("{}/{}", m.clients_won, m.clients_lost),
        format!("{:.2}", m.mean_trust),
        percent(m.utilisation),
        m.errors_escaped.to_string(),
        m.quits.to_string(),
    ]
}

/// Prints a career: header, one line per month, the founder profile it ends in.
pub fn write_career(report: &CareerReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "scenario {}  |  career plan from [career.plan]  |  seed {}  |  amounts in {}",
        report.origin, report.seed, report.currency
    )?;
    writeln!(
        out,
        "knowledge columns are 0..1: legal knowledge, then each service line's process"
    )?;
    writeln!(out)?;

    let mut columns = vec![
        ("month", Align::Right),
        ("action", Align::Left),
        ("state", Align::Left),
        ("pay", Align::Right),
        ("savings", Align::Right),
        ("legal", Align::Right),
    ];
    columns.extend(ServiceLine::ALL.map(|line| (short_line_name(line), Align::Right)));
    columns.push(("contacts", Align::Right));
    let mut table = TextTable::new(&columns);
    for m in &report.months {
        let p = &m.person;
        let mut cells = vec![
            m.month.to_string(),
            readable(action_parts(m.action)),
            readable(state_parts(p.state)),
            money(m.pay),
            money(p.savings),
            format!("{:.2}", p.legal_knowledge),
        ];
        cells.extend(p.knowledge.iter().map(|(_, k)| format!("{k:.2}")));
        cells.push(format!("{:.1}", p.network_contacts));
        table.push(cells);
    }
    table.write(out)?;

    writeln!(out)?;
    writeln!(out, "founder profile")?;
    let o = &report.outcome;
    let founded = if o.founded {
        format!("yes, in month {}", o.months)
    } else {
        format!(
            "no: the career ended after {} months without founding",
            o.months
        )
    };
    write_key_values(
        out,
        &[("founded", founded), ("months", o.months.to_string())],
    )?;
    write_profile(out, &o.profile, &report.currency)
}

fn write_profile(out: &mut dyn Write, p: &FounderProfile, currency: &str) -> io::Result<()> {
    write_key_values(
        out,
        &[
            ("law degree", yes_no(p.has_law_degree).to_owned()),
            ("law-office years", format!("{:.1}", p.law_office_years)),
            ("LPO years", format!("{:.1}", p.lpo_years)),
            ("legal knowledge", format!("{:.2}", p.legal_knowledge)),
        ],
    )?;
    // Indented under a heading so the line names read as one group.
    writeln!(out, "  knowledge by service line")?;
    for (line, knowledge) in p.knowledge.iter() {
        let name = line.name();
        writeln!(
            out,
            "    {name:<width$}{knowledge:.2}",
            width = KEY_WIDTH - 2
        )?;
    }
    write_key_values(
        out,
        &[
            ("savings", format!("{} {currency}", money(p.savings))),
            ("contacts", format!("{:.1}", p.network_contacts)),
        ],
    )
}

/// Width of the key column of summary blocks.
pub(crate) const KEY_WIDTH: usize = 20;

pub(crate) fn write_key_values(out: &mut dyn Write, lines: &[(&str, String)]) -> io::Result<()> {
    for (key, value) in lines {
        writeln!(out, "  {key:<KEY_WIDTH$}{value}")?;
    }
    Ok(())
}

/// `("seek_lpo", Some("document_review"))` as `seek lpo (document_review)`.
fn readable((kind, detail): (&str, Option<&str>)) -> String {
    let kind = kind.replace('_', " ");
    match detail {
        Some(detail) => format!("{kind} ({detail})"),
        None => kind,
    }
}

/// Column headers short enough to keep a career line on one screen.
fn short_line_name(line: ServiceLine) -> &'static str {
    match line {
        ServiceLine::DataOrganisation => "data",
        ServiceLine::Transcription => "transcr",
        ServiceLine::DocumentReview => "review",
        ServiceLine::ContractDrafting => "drafting",
        ServiceLine::LegalResearch => "research",
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// Whole currency units with thousands separators: `-12,345`.
pub(crate) fn money(value: f64) -> String {
    lpo_sim_core::text::whole_with_separators(value)
}

pub(crate) fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Align {
    Left,
    Right,
}

/// Columns sized to their widest cell, separated by two spaces.
pub(crate) struct TextTable {
    headers: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

impl TextTable {
    pub(crate) fn new(headers: &[(&str, Align)]) -> Self {
        TextTable {
            headers: headers
                .iter()
                .map(|&(name, align)| (name.to_owned(), align))
                .collect(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.headers.len(), "one cell per column");
        self.rows.push(cells);
    }

    pub(crate) fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let widths: Vec<usize> = self
            .headers
            .iter()
            .enumerate()
            .map(|(column, (name, _))| {
                self.rows
                    .iter()
                    .filter_map(|row| row.get(column))
                    .map(|cell| cell.chars().count())
                    .fold(name.chars().count(), usize::max)
            })
            .collect();
        let header: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        self.write_line(out, &header, &widths)?;
        for row in &self.rows {
            let cells: Vec<&str> = row.iter().map(String::as_str).collect();
            self.write_line(out, &cells, &widths)?;
        }
        Ok(())
    }

    fn write_line(&self, out: &mut dyn Write, cells: &[&str], widths: &[usize]) -> io::Result<()> {
        let mut line = String::new();
        for (column, ((cell, width), (_, align))) in
            cells.iter().zip(widths).zip(&self.headers).enumerate()
        {
            if column > 0 {
                line.push_str("  ");
            }
            match align {
                Align::Left => line.push_str(&format!("{cell:<width$}")),
                Align::Right => line.push_str(&format!("{cell:>width$}")),
            }
        }
        writeln!(out, "{}", line.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_and_keeps_the_sign() {
        assert_eq!(money(0.0), "0");
        assert_eq!(money(999.4), "999");
        assert_eq!(money(1000.0), "1,000");
        assert_eq!(money(-1234567.6), "-1,234,568");
        assert_eq!(money(-0.2), "0");
        assert_eq!(money(f64::NAN), "NaN");
    }

    #[test]
    fn table_aligns_columns_to_the_widest_cell() {
        let mut table = TextTable::new(&[("name", Align::Left), ("n", Align::Right)]);
        table.push(vec!["a".to_owned(), "100".to_owned()]);
        table.push(vec!["longer".to_owned(), "2".to_owned()]);
        let mut out = Vec::new();
        table.write(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name      n\na       100\nlonger    2\n"
        );
    }
}
