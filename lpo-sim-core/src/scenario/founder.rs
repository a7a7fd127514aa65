//! The founder (`[founder]`): who starts the firm when the career is not simulated.

use crate::PerLine;
use crate::params::declare_params;

declare_params! {
    /// What the firm's clients see of its founder, and what the founder brings.
    #[derive(Copy)]
    pub struct FounderProfile {
        /// Holds a law degree.
        has_law_degree: bool = flag(false, "assumption: illustrative founder; matches the default career plan (`earn_degree = false`)"),
        /// Years worked in a law office.
        law_office_years: f64 = real(2.0, 0.0, 100.0, "years", "assumption: illustrative; matches the default plan's 24 law-office months"),
        /// Years worked in an LPO centre.
        lpo_years: f64 = real(5.0, 0.0, 100.0, "years", "assumption: illustrative; the article's \"working in an LPO center for a number of years\""),
        /// General legal knowledge, 0 to 1: 0.3 = knows the vocabulary from LPO work, 0.7 = a
        /// law graduate's grasp, 1 = a practising lawyer's. Carried in the profile; the firm
        /// model does not use it.
        legal_knowledge: f64 = real(0.5, 0.0, 1.0, "share", "assumption: illustrative; carried in the profile, not used by the firm model"),
        /// Savings brought into the firm.
        savings: f64 = real(30000.0, 0.0, 1e12, "currency", "assumption: illustrative; becomes starting capital with the loan"),
        /// Monthly pay of the job the founder left: what closing the firm would get them back.
        outside_pay: f64 = real(750.0, 0.0, 1e6, "currency/month", "assumption: illustrative; an LPO team lead's pay (career.pay.team_lead)"),
        /// Professional contacts: people who know the founder's work and may send or refer
        /// clients.
        network_contacts: f64 = real(40.0, 0.0, 1e6, "contacts", "assumption: illustrative; about what the default career gathers (38–42 contacts over 7–9 years in seeds 1–7)"),
        /// Knowledge of each service line's process, 0 to 1: 0 = has never done the work, 0.3 =
        /// has done the work under supervision, 0.5 = does it alone, 0.7 = can train others, 1 =
        /// knows every step and exception of the process.
        knowledge: PerLine<f64> = by_line(
            [0.8, 0.7, 0.7, 0.4, 0.5],
            0.0,
            1.0,
            "share",
            [
                "assumption: illustrative: a founder who rose through entry work and document review",
                "assumption: illustrative: a founder who rose through entry work and document review",
                "assumption: illustrative: a founder who rose through entry work and document review",
                "assumption: illustrative: weaker in drafting and research",
                "assumption: illustrative: weaker in drafting and research",
            ],
        ),
    }
}
