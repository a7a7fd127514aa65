//! The HTML report of `lpo-sim market`: one row per firm in the market (its odds with their
//! intervals, its shares and price), the market's survivors and concentration, and each firm
//! alone when it was run.

use super::analysis::{page, table};
use super::format::{escape_html, shown_file};
use crate::RenderError;
use crate::view::MarketReport;
use crate::view::study::count;
use lpo_sim_core::market::MeanEstimate;
use lpo_sim_core::mc::Proportion;
use std::fmt::Write;

fn proportion(p: &Proportion) -> String {
    format!(
        "{:.1} % ({:.1}–{:.1} %)",
        100.0 * p.estimate,
        100.0 * p.wilson95[0],
        100.0 * p.wilson95[1]
    )
}

fn share(m: &MeanEstimate) -> String {
    if m.n == 0 {
        return "–".to_owned();
    }
    format!("{:.1} % ± {:.1}", 100.0 * m.mean, 100.0 * m.half_width)
}

/// Renders the market report as one self-contained HTML5 document.
///
/// # Errors
/// [`RenderError`] when writing the page fails.
pub fn render_market_html(report: &MarketReport<'_>) -> Result<String, RenderError> {
    let summary = report.summary;
    let mut body = String::new();
    let headers: Vec<String> = [
        "firm",
        "P(open at the horizon)",
        "P(bankruptcy)",
        "share of revenue",
        "share of clients at the end",
        "price ÷ market rate",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows: Vec<Vec<String>> = summary
        .firms
        .iter()
        .map(|f| {
            vec![
                f.name.clone(),
                proportion(&f.open),
                proportion(&f.bankrupt),
                share(&f.revenue_share),
                share(&f.client_share),
                if f.price_ratio.n == 0 {
                    "–".to_owned()
                } else {
                    format!("{:.3}", f.price_ratio.mean)
                },
            ]
        })
        .collect();
    write!(
        body,
        "<section id=\"firms\">\n<h2>The firms in one market</h2>\n{}<p class=\"note\">{}</p>\n\
         </section>\n",
        table(&headers, &rows, &[]),
        escape_html(&format!(
            "Every firm of a replicate shares one pool of prospects and one economy (MODEL.md \
             §5.8). 95 % intervals: Wilson for probabilities, mean ± 1.96 SE for shares. Firms \
             open at the horizon: {:.2} ± {:.2} of {}; revenue concentration (HHI) {:.3} ± {:.3}.",
            summary.survivors.mean,
            summary.survivors.half_width,
            summary.firms.len(),
            summary.revenue_hhi.mean,
            summary.revenue_hhi.half_width
        ))
    )?;
    if let Some(alone) = report.alone {
        let headers: Vec<String> = [
            "firm",
            "P(open at the horizon), alone",
            "P(bankruptcy), alone",
        ]
        .map(str::to_owned)
        .to_vec();
        let rows: Vec<Vec<String>> = alone
            .iter()
            .map(|f| vec![f.name.clone(), proportion(&f.open), proportion(&f.bankrupt)])
            .collect();
        write!(
            body,
            "<section id=\"alone\">\n<h2>Each firm alone</h2>\n{}<p class=\"note\">The same \
             firms, each in a market of its own, on the same replicate seeds.</p>\n</section>\n",
            table(&headers, &rows, &[])
        )?;
    }
    let context = vec![
        format!(
            "scenario <code>{}</code>",
            escape_html(&shown_file(report.origin))
        ),
        format!("{} firms", summary.firms.len()),
        format!("seed {}", report.seed),
        format!("{} replicates", count(summary.runs)),
    ];
    page(
        "lpo-sim market",
        "Rival firms in one market",
        &context,
        &body,
    )
}
