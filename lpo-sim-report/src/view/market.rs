//! The output of `lpo-sim market`: one row per firm (its odds, its shares of the market's
//! revenue and clients, its price against the market rate) with 95 % intervals, the market's
//! survivors and concentration, and optionally each firm alone on the same seeds; as a table or
//! JSON.

use lpo_sim_core::market::{
    FirmSummary, MarketParams, MarketState, MarketStudyOutcome, MarketSummary, MeanEstimate,
};
use lpo_sim_core::mc::{Proportion, StopReason};
use serde::Serialize;
use std::io::{self, Write};

/// One firm of a market as it was entered: a built-in strategy and changes to its scenario.
#[derive(Debug, Clone, Serialize)]
pub struct MarketFirm {
    /// The name shown (the strategy, then its changes; numbered when two are alike).
    pub name: String,
    /// The strategy's name.
    pub strategy: String,
    /// Its `PATH=VALUE` changes to the market's scenario.
    pub changes: Vec<String>,
}

/// A finished market study and what it ran.
#[derive(Debug, Clone, Copy)]
pub struct MarketReport<'a> {
    /// Where the scenario came from.
    pub origin: &'a str,
    /// The master seed.
    pub seed: u64,
    /// Replicates asked for.
    pub runs_planned: u64,
    /// The market's parameters.
    pub params: MarketParams,
    /// The firms, in entry order.
    pub firms: &'a [MarketFirm],
    /// The study.
    pub study: &'a MarketStudyOutcome,
    /// Its summary.
    pub summary: &'a MarketSummary,
    /// Each firm alone on the same replicate seeds (`--alone`), in entry order.
    pub alone: Option<&'a [FirmSummary]>,
}

/// The JSON document of a market study.
#[derive(Serialize)]
struct MarketJson<'a> {
    seed: u64,
    runs_planned: u64,
    replicates: [u64; 2],
    stop: StopReason,
    partial: bool,
    scenario: &'a str,
    market: MarketParams,
    firms: &'a [MarketFirm],
    summary: &'a MarketSummary,
    state: &'a MarketState,
    #[serde(skip_serializing_if = "Option::is_none")]
    alone: Option<&'a [FirmSummary]>,
}

fn proportion(p: &Proportion) -> String {
    format!(
        "{:5.1} % [{:4.1}, {:4.1}]",
        100.0 * p.estimate,
        100.0 * p.wilson95[0],
        100.0 * p.wilson95[1]
    )
}

fn percent(m: &MeanEstimate) -> String {
    if m.n == 0 {
        return "—".to_owned();
    }
    format!("{:5.1} % ± {:.1}", 100.0 * m.mean, 100.0 * m.half_width)
}

fn ratio(m: &MeanEstimate) -> String {
    if m.n == 0 {
        return "—".to_owned();
    }
    format!("{:.3} ± {:.3}", m.mean, m.half_width)
}

impl MarketReport<'_> {
    /// The table: one row per firm, the market's survivors and concentration, and each firm
    /// alone when it was run.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        let summary = self.summary;
        writeln!(
            out,
            "Market of {} firms, {} replicates (the same bits for any --threads), scenario {}",
            summary.firms.len(),
            summary.runs,
            self.origin
        )?;
        writeln!(
            out,
            "95 % intervals: Wilson for probabilities, mean ± 1.96 SE for shares and prices.\n"
        )?;
        let width = summary
            .firms
            .iter()
            .map(|f| f.name.chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        writeln!(
            out,
            "{:<width$}  {:<22}  {:<22}  {:<16}  {:<16}  {:<16}",
            "firm",
            "P(open at horizon)",
            "P(bankrupt)",
            "revenue share",
            "client share",
            "price / market"
        )?;
        for f in &summary.firms {
            writeln!(
                out,
                "{:<width$}  {:<22}  {:<22}  {:<16}  {:<16}  {:<16}",
                f.name,
                proportion(&f.open),
                proportion(&f.bankrupt),
                percent(&f.revenue_share),
                percent(&f.client_share),
                ratio(&f.price_ratio)
            )?;
        }
        writeln!(
            out,
            "\nfirms open at horizon: {:.2} ± {:.2}; revenue HHI {:.3} ± {:.3}",
            summary.survivors.mean,
            summary.survivors.half_width,
            summary.revenue_hhi.mean,
            summary.revenue_hhi.half_width
        )?;
        if let Some(alone) = self.alone {
            writeln!(out, "\nEach firm alone, on the same replicate seeds:")?;
            writeln!(
                out,
                "{:<width$}  {:<22}  {:<22}",
                "firm", "P(open at horizon)", "P(bankrupt)"
            )?;
            for f in alone {
                writeln!(
                    out,
                    "{:<width$}  {:<22}  {:<22}",
                    f.name,
                    proportion(&f.open),
                    proportion(&f.bankrupt)
                )?;
            }
        }
        if self.study.stop == StopReason::Cancelled {
            writeln!(out, "\n(partial: interrupted)")?;
        }
        Ok(())
    }

    /// One CSV row per firm: its name, then each statistic (probabilities with their Wilson
    /// interval, means with their 95 % half-width), every number in full precision.
    pub fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        let header = [
            "firm",
            "p_open",
            "p_open_ci95_low",
            "p_open_ci95_high",
            "p_bankrupt",
            "p_bankrupt_ci95_low",
            "p_bankrupt_ci95_high",
            "revenue_share",
            "revenue_share_half_width",
            "client_share",
            "client_share_half_width",
            "price_ratio",
            "months_run",
        ];
        writer.write_record(header).map_err(super::csv::into_io)?;
        for f in &self.summary.firms {
            let row = [
                f.name.clone(),
                f.open.estimate.to_string(),
                f.open.wilson95[0].to_string(),
                f.open.wilson95[1].to_string(),
                f.bankrupt.estimate.to_string(),
                f.bankrupt.wilson95[0].to_string(),
                f.bankrupt.wilson95[1].to_string(),
                f.revenue_share.mean.to_string(),
                f.revenue_share.half_width.to_string(),
                f.client_share.mean.to_string(),
                f.client_share.half_width.to_string(),
                f.price_ratio.mean.to_string(),
                f.months_run.mean.to_string(),
            ];
            writer.write_record(&row).map_err(super::csv::into_io)?;
        }
        writer.flush()
    }

    /// The study as JSON: the settings, the firms, the summary and the exact state (which
    /// merges with another shard's). No clock time.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let doc = MarketJson {
            seed: self.seed,
            runs_planned: self.runs_planned,
            replicates: [self.study.replicates.start, self.study.replicates.end],
            stop: self.study.stop,
            partial: self.study.stop == StopReason::Cancelled,
            scenario: self.origin,
            market: self.params,
            firms: self.firms,
            summary: self.summary,
            state: &self.study.state,
            alone: self.alone,
        };
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
        writeln!(out)
    }
}
