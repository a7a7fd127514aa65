//! Clients and trust (`[clients]`, MODEL.md §5): leads, conversion, trust and churn.

use crate::params::declare_params;

declare_params! {
    /// Clients, leads and trust.
    #[derive(Copy)]
    pub struct ClientParams {
        /// Clients the firm could ever reach.
        market_potential: f64 = real(243.0, 1.0, 1e9, "clients", "assumption: Bass m: clients one small offshore LPO can reach; the market rows give dollars, not clients (calibrated: MODEL.md §15)"),
        /// Leads per founder contact per month.
        network_lead_rate: f64 = real(0.0141, 0.0, 10.0, "leads/contact/month", "assumption: 40 contacts give 0.8 leads a month (calibrated: MODEL.md §15)"),
        /// Marketing spend per lead.
        marketing_cost_per_lead: f64 = real(849.0, 0.01, 1e7, "currency/lead", "assumption: no LPO figure (the sales-cycle row found none) (calibrated: MODEL.md §15)"),
        /// Leads per happy client per month.
        referral_rate: f64 = real(0.03, 0.0, 10.0, "leads/client/month", "Models from the literature: Bass imitation q ≈ 0.38/yr (0.3–0.5) → 0.38/12 = 0.032 per happy client per month, rounded"),
        /// Trust at which a client is happy and refers others (trust runs from 0 = none to 1 =
        /// full).
        happy_trust: f64 = real(0.867, 0.0, 1.0, "share", "assumption (calibrated: MODEL.md §15)"),
        /// Conversion of a fully trusted, fairly priced lead.
        base_conversion: f64 = real(0.376, 0.0, 1.0, "probability", "assumption (calibrated: MODEL.md §15)"),
        /// Conversion factor when the founder knows nothing of the line (0.2 = a fifth of the
        /// leads a founder who knows the line fully would sign).
        knowledge_floor: f64 = real(0.386, 0.0, 1.0, "share", "assumption: the article: entrepreneurs should know all processes that can be outsourced (calibrated: MODEL.md §15)"),
        /// Price elasticity of conversion.
        price_elasticity: f64 = real(1.22, 0.0, 20.0, "elasticity", "assumption (calibrated: MODEL.md §15)"),
        /// Pilot share of volume.
        pilot_share: f64 = real(0.276, 0.001, 1.0, "share", "assumption: the mechanism is the \"how new clients start: a low-risk pilot first\" row; its size is assumed (calibrated: MODEL.md §15)"),
        /// Monthly volume growth towards full, times trust.
        volume_growth: f64 = real(0.183, 0.0, 1.0, "share", "assumption (calibrated: MODEL.md §15)"),
        /// Log-normal spread of full volume.
        volume_sd: f64 = real(0.312, 0.0, 3.0, "log-sd", "assumption (calibrated: MODEL.md §15)"),
        /// Spread (log-SD) across firms of their reach: every firm's leads are multiplied by a
        /// factor drawn once at founding, log-normal with mean 1.
        reach_dispersion: f64 = real(0.417, 0.0, 3.0, "log-sd", "assumption: Quality, clients, sales: most LPOs struggle to win clients and a few firms take most of the market (law.com 2014; State of the Indian LPO Sector survey 2010) (calibrated: MODEL.md §15)"),
        /// Month-to-month persistence of the firm's demand cycle (AR(1) coefficient of its log).
        demand_persistence: f64 = real(0.495, 0.0, 0.99, "share", "assumption, before calibration: downturns last about a year (a half-life of 6.6 months); legal demand is cyclical: law firms' use of alternative providers went 56 % → 87 % → 79 % over 2016–2021 (Thomson Reuters ALSP reports) (calibrated: MODEL.md §15)"),
        /// Monthly shock to the log of the demand cycle (its SD).
        demand_volatility: f64 = real(0.0458, 0.0, 1.0, "log-sd", "assumption: clients' volumes swing about ±11 % (stationary SD 0.05 / √(1 − 0.9²)) (calibrated: MODEL.md §15)"),
        /// Monthly chance that an expansion of the economy turns into a recession.
        recession_start_monthly: f64 = real(0.017, 0.0, 1.0, "probability", "NBER US business cycle dates: the 11 expansions of 1945–2009 averaged 58.4 months → 1/58.4 ≈ 0.017 a month"),
        /// Monthly chance that a recession ends.
        recession_end_monthly: f64 = real(0.09, 0.0, 1.0, "probability", "NBER US business cycle dates: the 11 contractions of 1945–2009 averaged 11.1 months → 1/11.1 ≈ 0.09 a month"),
        /// Clients' volumes and the firm's leads during a recession, as a share of what they
        /// would otherwise be (1: recessions do not touch the firm).
        recession_demand: f64 = real(0.833, 0.0, 1.0, "share", "assumption: legal outsourcing demand falls in a recession; its depth is not published for LPOs (calibrated: MODEL.md §15)"),
        /// Monthly trust gain from clean, on-time work.
        trust_gain: f64 = real(0.0555, 0.0, 1.0, "share", "assumption: Ba & Pavlou (2002): trust is built from track record; speed assumed (calibrated: MODEL.md §15)"),
        /// Trust share lost per escaped error at delicacy 1.
        error_trust_loss: f64 = real(0.472, 0.0, 1.0, "share", "assumption (calibrated: MODEL.md §15)"),
        /// Trust lost per unit share of hours late.
        late_trust_loss: f64 = real(0.489, 0.0, 10.0, "trust/share late", "assumption (calibrated: MODEL.md §15)"),
        /// Chance a client with full trust does not renew at a decision point (end of the pilot,
        /// end of each contract).
        nonrenewal_base: f64 = real(0.1, 0.0, 1.0, "probability", "assumption informed by Quality, clients, sales: contract non-renewal, about 15 % of non-voice outsourcing contracts end at renewal (Everest Group 2016): the part not explained by trust"),
        /// Added chance of not renewing per unit of trust missing (`1 − trust`).
        nonrenewal_low_trust: f64 = real(0.289, 0.0, 1.0, "probability", "assumption: the row's 15 % is higher after escaped errors and lateness, which lower trust (calibrated: MODEL.md §15)"),
        /// Months of a contract after the pilot; the client decides at each renewal.
        contract_months: u32 = count(23, 1, 240, "months", "assumption: a small LPO's clients sign yearly; the contract-length row (multi-year, e.g. 7 years) describes large deals (calibrated: MODEL.md §15)"),
        /// Months of the pilot; the client decides at its end whether to sign a contract.
        pilot_months: u32 = count(5, 0, 24, "months", "assumption: the mechanism is the \"how new clients start: a low-risk pilot first\" row (law.com 2014); its length is assumed (calibrated: MODEL.md §15)"),
        /// Monthly chance that a client at trust 0 ends its contract early (scaled by
        /// `(1 − trust)²`).
        churn_low_trust: f64 = real(0.00804, 0.0, 1.0, "probability", "assumption (calibrated: MODEL.md §15)"),
        /// Monthly chance of an early exit per unit share of the line's hours late.
        churn_late: f64 = real(0.0164, 0.0, 1.0, "probability", "assumption (calibrated: MODEL.md §15)"),
        /// Weights of perceived trustworthiness.
        trust_weights: TrustWeights = section(),
        /// Saturation of experience and track record.
        trust_saturation: TrustSaturation = section(),
    }
}

declare_params! {
    /// Weights of the signals that make a firm look trustworthy: each is added to a
    /// prospect's trust in the firm (0 = none, 1 = full; the sum is capped at 1) when the
    /// signal is there in full.
    #[derive(Copy)]
    pub struct TrustWeights {
        /// Trust any firm gets (0.43 = a new firm without any signal is trusted a little less
        /// than half as much as a fully trusted one).
        base: f64 = real(0.336, 0.0, 1.0, "share", "assumption: weights sum to 1 (calibrated: MODEL.md §15)"),
        /// Trust added by the founder's law degree (0.28 = more than a quarter of full trust).
        law_degree: f64 = real(0.0938, 0.0, 1.0, "share", "assumption: the article: legal degrees give a business credibility (calibrated: MODEL.md §15)"),
        /// Trust added by the founder's law-office years, in full from
        /// `trust_saturation.experience_years`.
        law_office: f64 = real(0.101, 0.0, 1.0, "share", "assumption: the article: work experience gives credibility (calibrated: MODEL.md §15)"),
        /// Trust added by the founder's LPO years, in full from
        /// `trust_saturation.experience_years`.
        lpo_experience: f64 = real(0.2, 0.0, 1.0, "share", "assumption: the article: years in an LPO centre help (calibrated: MODEL.md §15)"),
        /// Trust added by the firm's record: its clients' mean trust, in full from
        /// `trust_saturation.track_record_months`.
        track_record: f64 = real(0.239, 0.0, 1.0, "share", "assumption: Banerjee & Duflo (2000): reputation grows with firm age (calibrated: MODEL.md §15)"),
        /// Trust added by ISO 27001 certification, once certified.
        certification: f64 = real(0.0725, 0.0, 1.0, "share", "assumption: the \"what earns trust\" row names ISO 27001; weight assumed (calibrated: MODEL.md §15)"),
    }
}

declare_params! {
    /// Saturation points of experience signals.
    #[derive(Copy)]
    pub struct TrustSaturation {
        /// Years of experience that count fully.
        experience_years: f64 = real(3.9, 0.1, 60.0, "years", "assumption (calibrated: MODEL.md §15)"),
        /// Firm age at which its track record counts fully.
        track_record_months: f64 = real(21.0, 0.1, 600.0, "months", "assumption (calibrated: MODEL.md §15)"),
    }
}
