//! The market's parameters (`market.*`, MODEL.md §5.8), declared once: default, range, unit
//! and source. They belong to the market, not to a firm's scenario, so a firm alone never
//! reads them and scenario files do not carry them.

use crate::error::ScenarioError;
use crate::params::{Declared, ParamWalker, Params, declare_params, range_violations};
use std::fmt::Write;

declare_params! {
    /// How prospects choose among rival firms and how leaving clients switch (§5.8).
    #[derive(Copy)]
    pub struct MarketParams {
        /// Chance that a prospect one firm reached also asks each rival that offers its line
        /// for a quote.
        shop_share: f64 = real(0.5, 0.0, 1.0, "probability", "assumption: buyers of legal services often ask more than one provider for a proposal; no LPO figure found, so the middle of the range; wide range"),
        /// Weight of perceived trustworthiness `T_p` in a prospect's utility when several
        /// firms would take it on.
        beta_trust: f64 = real(2.0, 0.0, 50.0, "utility per unit of trust", "assumption: the conversion chance (§5.3) is proportional to T_p, so its log moves by 1/T_p per unit of trust, 2 at T_p = 0.5; the choice among firms is given the same sensitivity"),
        /// Weight of the log price ratio `ln(price / market rate)` in a prospect's utility
        /// (the logit's price coefficient).
        beta_price: f64 = real(2.62, 0.0, 20.0, "utility per log price ratio", "Market: mean price elasticity of brand choice −2.62 over 1,851 estimates (Bijmolt, van Heerde & Pieters 2005; consumer goods, a weak proxy for professional services); a logit with small shares has elasticity about −beta_price"),
        /// Chance that a client who leaves a firm (early exit, non-renewal, or the firm's
        /// end) takes its work to a rival that offers its line (only with two firms or more).
        switch_share: f64 = real(0.5, 0.0, 1.0, "probability", "assumption: a client that ends an outsourcing contract mostly still needs the work done; some take it in-house or stop. No LPO figure found; wide range"),
    }
}

impl Default for MarketParams {
    /// Every `market.*` parameter at its declared default.
    fn default() -> Self {
        MarketParams::declared_default(None)
    }
}

/// The parameters under the path `market`, as the CLI names them (`market.beta_price`).
pub(crate) struct Section<'a>(pub &'a mut MarketParams);

impl Params for Section<'_> {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.enter("market", "Rival firms in one market (MODEL.md §5.8).");
        self.0.walk(w);
        w.leave();
    }
}

impl MarketParams {
    /// Sets `market.<name>` (the path as listed by [`MarketParams::paths`]) to `value`.
    ///
    /// # Errors
    /// The path is unknown, or the value is out of range: a message naming the field and its
    /// range.
    pub fn set(&mut self, path: &str, value: f64) -> Result<(), String> {
        crate::params::set_param(&mut Section(self), path, value)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Every path, in declaration order (`market.shop_share`, …).
    pub fn paths() -> Vec<String> {
        crate::params::list_params(&mut Section(&mut MarketParams::default()))
            .into_iter()
            .map(|p| p.path)
            .collect()
    }

    /// Checks every value against its declared range.
    ///
    /// # Errors
    /// [`ScenarioError::Invalid`] naming each field out of range.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let mut copy = *self;
        let problems: Vec<String> = range_violations(&mut Section(&mut copy))
            .into_iter()
            .map(|v| v.to_string())
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ScenarioError::Invalid {
                file: "<market>".to_owned(),
                problems,
            })
        }
    }

    /// MODEL.md §5.8's parameter table, from the declarations:
    /// `| market parameter | default | unit | range | source |`.
    pub fn markdown_table() -> String {
        let mut out = String::from(
            "| market parameter | default | unit | range | source |\n|---|---|---|---|---|\n",
        );
        for p in crate::params::list_params(&mut Section(&mut MarketParams::default())) {
            let _ = writeln!(
                out,
                "| `{}` | {:?} | {} | {}–{} | {} |",
                p.path,
                p.value,
                p.unit,
                p.min,
                p.max,
                p.source.replace('|', "\\|")
            );
        }
        out
    }
}
