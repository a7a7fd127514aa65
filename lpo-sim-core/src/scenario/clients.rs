//! Clients and trust (`[clients]`, MODEL.md §5): leads, conversion, trust and churn.

use crate::params::declare_params;

declare_params! {
    /// Clients, leads and trust.
    #[derive(Copy)]
    pub struct ClientParams {
        /// Clients the firm could ever reach.
        market_potential: f64 = real(400.0, 1.0, 1e9, "clients", "assumption: Bass m: clients one small offshore LPO can reach; the market rows give dollars, not clients"),
        /// Leads per founder contact per month.
        network_lead_rate: f64 = real(0.02, 0.0, 10.0, "leads/contact/month", "assumption: 40 contacts give 0.8 leads a month"),
        /// Marketing spend per lead.
        marketing_cost_per_lead: f64 = real(500.0, 0.01, 1e7, "currency/lead", "assumption: no LPO figure (the sales-cycle row found none)"),
        /// Leads per happy client per month.
        referral_rate: f64 = real(0.03, 0.0, 10.0, "leads/client/month", "Models from the literature: Bass imitation q ≈ 0.38/yr (0.3–0.5) → 0.38/12 = 0.032 per happy client per month, rounded"),
        /// Trust at which a client is happy.
        happy_trust: f64 = real(0.6, 0.0, 1.0, "share", "assumption"),
        /// Conversion of a fully trusted, fairly priced lead.
        base_conversion: f64 = real(0.6, 0.0, 1.0, "probability", "assumption"),
        /// Conversion factor when the founder knows nothing of the line.
        knowledge_floor: f64 = real(0.3, 0.0, 1.0, "share", "assumption: the article: entrepreneurs should know all processes that can be outsourced"),
        /// Price elasticity of conversion.
        price_elasticity: f64 = real(1.5, 0.0, 20.0, "elasticity", "assumption"),
        /// Pilot share of volume.
        pilot_share: f64 = real(0.2, 0.001, 1.0, "share", "assumption: the mechanism is the \"how new clients start: a low-risk pilot first\" row; its size is assumed"),
        /// Monthly volume growth towards full, times trust.
        volume_growth: f64 = real(0.25, 0.0, 1.0, "share", "assumption"),
        /// Log-normal spread of full volume.
        volume_sd: f64 = real(0.5, 0.0, 3.0, "log-sd", "assumption"),
        /// Monthly trust gain from clean, on-time work.
        trust_gain: f64 = real(0.05, 0.0, 1.0, "share", "assumption: Ba & Pavlou (2002): trust is built from track record; speed assumed"),
        /// Trust share lost per escaped error at delicacy 1.
        error_trust_loss: f64 = real(0.35, 0.0, 1.0, "share", "assumption"),
        /// Trust lost per unit share of hours late.
        late_trust_loss: f64 = real(0.3, 0.0, 10.0, "trust/share late", "assumption"),
        /// Base monthly churn hazard.
        churn_base_monthly: f64 = real(0.0135, 0.0, 1.0, "probability", "Quality, clients, sales: contract non-renewal, about 15 % of non-voice contracts end at renewal (Everest Group 2016) → 1 − 0.85^(1/12) = 0.0135/month"),
        /// Added churn hazard at trust 0.
        churn_low_trust: f64 = real(0.12, 0.0, 1.0, "probability", "assumption"),
        /// Added churn hazard per unit share late.
        churn_late: f64 = real(0.1, 0.0, 1.0, "probability", "assumption"),
        /// Weights of perceived trustworthiness.
        trust_weights: TrustWeights = section(),
        /// Saturation of experience and track record.
        trust_saturation: TrustSaturation = section(),
    }
}

declare_params! {
    /// Weights of the signals that make a firm look trustworthy.
    #[derive(Copy)]
    pub struct TrustWeights {
        /// Trust any firm gets.
        base: f64 = real(0.25, 0.0, 1.0, "share", "assumption: weights sum to 1"),
        /// Founder's law degree.
        law_degree: f64 = real(0.15, 0.0, 1.0, "share", "assumption: the article: legal degrees give a business credibility"),
        /// Founder's law-office years.
        law_office: f64 = real(0.1, 0.0, 1.0, "share", "assumption: the article: work experience gives credibility"),
        /// Founder's LPO years.
        lpo_experience: f64 = real(0.15, 0.0, 1.0, "share", "assumption: the article: years in an LPO centre help"),
        /// The firm's record with its clients.
        track_record: f64 = real(0.2, 0.0, 1.0, "share", "assumption: Banerjee & Duflo (2000): reputation grows with firm age"),
        /// ISO 27001 certification.
        certification: f64 = real(0.1, 0.0, 1.0, "share", "assumption: the \"what earns trust\" row names ISO 27001; weight assumed"),
        /// An engaged consultant.
        consultant: f64 = real(0.05, 0.0, 1.0, "share", "assumption: the article: help from an LPO consultant"),
    }
}

declare_params! {
    /// Saturation points of experience signals.
    #[derive(Copy)]
    pub struct TrustSaturation {
        /// Years of experience that count fully.
        experience_years: f64 = real(5.0, 0.1, 60.0, "years", "assumption"),
        /// Firm age at which its track record counts fully.
        track_record_months: f64 = real(24.0, 0.1, 600.0, "months", "assumption"),
    }
}
