//! Automation by generative AI (`[ai]`, MODEL.md §5.7): how much of each line's work AI can
//! do and when, what clients then buy and pay, and what adopting AI costs and gives the firm.
//! Off by default: the calibrated world is the historical one, before generative AI.

use super::Scenario;
use crate::line::PerLine;
use crate::params::{Declared, declare_params};

declare_params! {
    /// Automation by generative AI. Every other `ai.*` value is read only when `enabled`.
    #[derive(Copy)]
    pub struct AiParams {
        /// Automation is on: clients in-source and press prices on the automatable share of
        /// each line's work, and a firm may adopt AI (`Decisions::ai_adopted`). Off: the
        /// historical world, every result as without this section.
        enabled: bool = flag(false, "assumption: the world the model is calibrated on (figures up to 2023, section 15) had no generative AI in LPO work; the presets `central` and `fast` switch it on (section 5.7)"),
        /// Calendar year of the founding month (month index 0); month `t` is in year
        /// `founding_year + t/12`.
        founding_year: f64 = real(2026.0, 1990.0, 2100.0, "year", "assumption: a firm founded now"),
        /// Year before which AI does none of the work (the path starts from 0 here).
        start_year: f64 = real(2023.0, 1990.0, 2100.0, "year", "assumption: generative AI reached legal work after ChatGPT's release (November 2022); the Remus & Levy row (13 % of lawyers' hours) measures automation before it"),
        /// Year of the logistic's midpoint: the path is near half its ceiling then.
        midpoint_year: f64 = real(2028.0, 1990.0, 2200.0, "year", "assumption: a logistic through the IDC/Relativity row's plans (65 % within a year, 93 % within five, from 2024) has its midpoint near 2024; use lags plans and a tool in use does not do a line's whole automatable share at once, so four years later"),
        /// Steepness of the logistic, per year.
        speed: f64 = real(0.5, 0.01, 10.0, "1/year", "Automation: a logistic through the IDC/Relativity row's 65 % (2025) and 93 % (2029) rises 0.49 a year on the log-odds scale, rounded"),
        /// Share of the automatable hours clients take in-house (they buy
        /// `1 − insource · a` of their hours).
        insource: f64 = real(0.3, 0.0, 1.0, "share", "assumption: clients that buy AI tools do part of the automatable work themselves; wide prior for `sensitivity`"),
        /// Fall of the price clients accept on automatable hours (the line's market rate is
        /// `billing_rate · (1 − price_pressure · a)`).
        price_pressure: f64 = real(0.6, 0.0, 0.95, "share", "Automation: AI-assisted review at $0.11–0.50 a document against $1–3 for human first-pass review, 50–96 % less; clients keep part of the saving, the rest goes to the vendor's tools and checks"),
        /// AI licence per seat and month, paid in a month the firm uses AI.
        licence_per_seat: f64 = real(100.0, 0.0, 1e5, "currency/month", "Automation: legal AI assistants at $50–150 per user a month (weak), middle of the range"),
        /// Months of use before the productivity gain is complete (it grows linearly from 0).
        learning_months: u32 = count(3, 0, 120, "months", "assumption: a quarter to learn the tool and rebuild the workflow"),
        /// Output per hour on automatable work, as a multiple of work without AI, once
        /// learned.
        productivity_gain: f64 = real(3.0, 1.0, 50.0, "factor", "assumption: vendors' models of AI-enhanced review cut review hours about sixfold (weak); taken lower for work that still needs a person's check"),
        /// Error rate on automatable work done with AI, as a multiple of the line's rate
        /// (above 1: AI errors need review, so QA matters more).
        error_multiplier: f64 = real(1.5, 0.1, 10.0, "factor", "assumption: legal AI tools answered 17–33 % of research queries with a hallucination (Automation row, Magesh et al.), far above the model's per-deliverable error rates; checked work errs less, so 1.5"),
        /// Share of the line's work AI can do once adoption is complete.
        ceiling: PerLine<f64> = by_line(
            [0.6, 0.8, 0.6, 0.3, 0.3],
            0.0,
            1.0,
            "share",
            [
                "assumption: sorting and coding records, among the tasks the Goldman Sachs row finds most exposed; above its 44 % for legal work as a whole",
                "assumption: speech recognition drafts the transcript; people correct it",
                "assumption: first-pass review, the most exposed LPO work (IDC/Relativity row: document review is where legal professionals plan to use generative AI first); above the Goldman Sachs row's 44 % for legal work as a whole",
                "Automation: between the Remus & Levy row (13 % of lawyers' hours) and the Goldman Sachs row (44 % of legal work)",
                "Automation: between the Remus & Levy row (13 % of lawyers' hours) and the Goldman Sachs row (44 % of legal work)",
            ],
        ),
        /// Years the line's path trails the common one (`a` at year `y` is the common path at
        /// `y − lag`).
        lag_years: PerLine<f64> = by_line(
            [0.5, 0.0, 0.0, 2.0, 2.0],
            0.0,
            50.0,
            "years",
            "assumption: the issue's reading of the rows: AI takes the most labour-intensive work (review, transcription) first, drafting and research later",
        ),
    }
}

impl Default for AiParams {
    /// Every `ai.*` parameter at its declared default (automation off).
    fn default() -> Self {
        AiParams::declared_default(None)
    }
}

impl AiParams {
    /// Whether every value is its declared default (a serialised scenario leaves the section
    /// out then).
    pub fn is_default(&self) -> bool {
        *self == AiParams::default()
    }
}

/// The automation presets: scenario overlays holding only `[ai]` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AiPreset {
    /// No automation: the historical world (the default).
    None,
    /// The central path: the declared defaults with automation on.
    Central,
    /// A fast path: earlier, steeper, higher, with stronger in-sourcing and price pressure.
    Fast,
}

impl AiPreset {
    /// Every preset.
    pub const ALL: [AiPreset; 3] = [AiPreset::None, AiPreset::Central, AiPreset::Fast];

    /// The name used on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            AiPreset::None => "none",
            AiPreset::Central => "central",
            AiPreset::Fast => "fast",
        }
    }

    /// Parses a name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The preset as a scenario file: an overlay that sets only `[ai]` values (so it is a
    /// valid scenario by itself, the default scenario with that path).
    pub const fn toml(self) -> &'static str {
        match self {
            AiPreset::None => include_str!("../presets/ai_none.toml"),
            AiPreset::Central => include_str!("../presets/ai_central.toml"),
            AiPreset::Fast => include_str!("../presets/ai_fast.toml"),
        }
    }

    /// The preset's `[ai]` section.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::{AiPreset, Scenario};
    /// assert_eq!(AiPreset::None.params(), Scenario::default().ai);
    /// assert!(AiPreset::Central.params().enabled);
    /// ```
    pub fn params(self) -> AiParams {
        Scenario::from_toml_str(self.toml(), self.name())
            .expect("the embedded presets are valid scenario files")
            .ai
    }
}

impl std::fmt::Display for AiPreset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
