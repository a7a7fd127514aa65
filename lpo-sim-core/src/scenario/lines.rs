//! Service lines (`[lines.*]`, MODEL.md §3): prices, pay, work and errors of each line.

use crate::params::declare_params;

declare_params! {
    /// Parameters of one service line.
    #[derive(Copy)]
    pub struct LineParams {
        /// Reference price per hour.
        billing_rate: f64 = by_line(
            [12.0, 15.0, 25.0, 39.3, 60.0],
            0.01,
            10000.0,
            "currency/hour",
            [
                "Billing rates: offshore outsourced paralegal $10–15/h (Fronterion ~2013, weak) and simple offshore tasks about $10/h (biglaw.org 2013); taken inside the range",
                "Billing rates: offshore outsourced paralegal $10–15/h (weak), top of range; cross-check: US court transcription $1.50–5.00 per audio minute ÷ 3–4 h typing per audio hour ≈ $22–100 per working hour in the US",
                "Billing rates: offshore document review (India) from about $21/h (~2008); raised a little because 2008 prices are lower bounds",
                "assumption: between Billing-rates rows: dedicated offshore lawyer $250/day ÷ 8 h ≈ $31/h and offshore legal research $60/h (calibrated: MODEL.md §15)",
                "Billing rates: offshore legal research (India) from $60/h (Time 2008), taken as is",
            ],
        ),
        /// Monthly pay of an associate on this line.
        market_pay: f64 = by_line(
            [350.0, 350.0, 550.0, 700.0, 800.0],
            0.0,
            1e6,
            "currency/month",
            [
                "Pay: India LPO fresher, small LPOs Rs 20–25k, large Rs 30–45k a month (weak); $350 ≈ Rs 29k at Rs 83/$, between the two bands",
                "Pay: India LPO fresher, small LPOs Rs 20–25k, large Rs 30–45k a month (weak); $350 ≈ Rs 29k at Rs 83/$, between the two bands",
                "Pay: Philippines non-bar law graduate $500–750/month (weak); ≈ Rs 46k at Rs 83/$, top of the India large-LPO fresher band",
                "Pay: Philippines non-bar law graduate $500–750/month (weak), upper end",
                "Pay: Philippines bar-passed graduate $750–1,000/month (weak)",
            ],
        ),
        /// Hours per deliverable.
        hours_per_unit: f64 = by_line(
            [4.92, 4.0, 7.45, 12.8, 12.2],
            0.01,
            1000.0,
            "hours",
            [
                "assumption: a deliverable is a half-day batch of filing or coding (calibrated: MODEL.md §15)",
                "Workforce dynamics: transcription effort 3–4 h of typing per audio hour; one deliverable = one audio hour, top of range",
                "assumption: a review batch; at the review-throughput row's 40–50 docs/h a 10-hour batch is 400–500 documents (calibrated: MODEL.md §15)",
                "assumption: one draft is about one working day (calibrated: MODEL.md §15)",
                "assumption: one research memo (calibrated: MODEL.md §15)",
            ],
        ),
        /// Chance an unskilled deliverable has a material error.
        base_error_rate: f64 = by_line(
            [0.0359, 0.0353, 0.0371, 0.149, 0.11],
            0.0,
            1.0,
            "probability",
            [
                "assumption: no per-deliverable figure; the accuracy-commitments row (98–99.9 %, >99 %) is per word or record (calibrated: MODEL.md §15)",
                "assumption: no per-deliverable figure; the accuracy-commitments row (98–99.9 %, >99 %) is per word or record (calibrated: MODEL.md §15)",
                "assumption: no per-deliverable figure; the accuracy-commitments row (98–99.9 %, >99 %) is per word or record (calibrated: MODEL.md §15)",
                "assumption: no per-deliverable figure; the accuracy-commitments row (98–99.9 %, >99 %) is per word or record (calibrated: MODEL.md §15)",
                "assumption: no per-deliverable figure; the accuracy-commitments row (98–99.9 %, >99 %) is per word or record (calibrated: MODEL.md §15)",
            ],
        ),
        /// Skill the line needs, on the scale of the founder's knowledge (0.3 = has done the
        /// work under supervision, 0.7 = can train others).
        skill_requirement: f64 = by_line(
            [0.253, 0.183, 0.277, 0.623, 0.856],
            0.0,
            1.0,
            "share",
            [
                "assumption: entry work; the article: no prior legal experience needed (calibrated: MODEL.md §15)",
                "assumption: entry work; easier with legal vocabulary (article) (calibrated: MODEL.md §15)",
                "assumption: skilled work (calibrated: MODEL.md §15)",
                "assumption: skilled work, needs legal training (calibrated: MODEL.md §15)",
                "assumption: skilled work, needs legal training (calibrated: MODEL.md §15)",
            ],
        ),
        /// How much trust one escaped error destroys, 0 to 1: 1 = a client loses
        /// `clients.error_trust_loss` of its trust per escaped error, 0 = errors cost no trust.
        delicacy: f64 = by_line(
            [0.292, 0.319, 0.467, 0.83, 0.574],
            0.0,
            1.0,
            "share",
            [
                "assumption: ordered by harm of an error; the article: legal processes are \"very delicate matters\" (calibrated: MODEL.md §15)",
                "assumption: ordered by harm of an error; the article: legal processes are \"very delicate matters\" (calibrated: MODEL.md §15)",
                "assumption: ordered by harm of an error; the article: legal processes are \"very delicate matters\" (calibrated: MODEL.md §15)",
                "assumption: ordered by harm of an error; the article: legal processes are \"very delicate matters\" (calibrated: MODEL.md §15)",
                "assumption: ordered by harm of an error; the article: legal processes are \"very delicate matters\" (calibrated: MODEL.md §15)",
            ],
        ),
        /// Share of leads asking for this line.
        lead_share: f64 = by_line(
            [0.15, 0.15, 0.3, 0.15, 0.25],
            0.0,
            1.0,
            "share",
            "assumption: informed by Quality, clients, sales: services law firms buy (e-discovery 45 %, research 44 %, litigation support 39 %, several answers each); review and research get the most; shares sum to 1",
        ),
        /// Monthly hours a client buys at full volume.
        client_hours: f64 = by_line(
            [229.0, 126.0, 157.0, 78.1, 126.0],
            1.0,
            1e5,
            "hours/month",
            [
                "assumption: about 1.25 associates' billable hours (128 h/month) (calibrated: MODEL.md §15)",
                "assumption: about one associate's billable hours (calibrated: MODEL.md §15)",
                "assumption: about 1.6 associates' billable hours (calibrated: MODEL.md §15)",
                "assumption: about 0.6 of an associate (calibrated: MODEL.md §15)",
                "assumption: about 0.6 of an associate (calibrated: MODEL.md §15)",
            ],
        ),
    }
}
