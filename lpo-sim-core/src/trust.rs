//! Trust (MODEL.md §5.2 and §5.4): what a prospect perceives of the firm, and how each
//! client's trust and volume move with the month's errors and lateness.

use crate::clients::Client;
use crate::math::{pow, unit};
use crate::scenario::{ClientParams, FounderProfile};

/// Signals that make the firm look trustworthy, each 0..1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TrustSignals {
    pub certified: bool,
    pub firm_age_months: u32,
    pub mean_client_trust: f64,
}

/// Perceived trustworthiness of the firm to a prospect:
/// `Σ weight · signal`, clamped to 0..1.
pub(crate) fn perceived_trust(p: &ClientParams, founder: &FounderProfile, s: &TrustSignals) -> f64 {
    let w = &p.trust_weights;
    let sat = &p.trust_saturation;
    let track = s.mean_client_trust * unit(f64::from(s.firm_age_months) / sat.track_record_months);
    unit(
        w.base
            + w.law_degree * f64::from(u8::from(founder.has_law_degree))
            + w.law_office * unit(founder.law_office_years / sat.experience_years)
            + w.lpo_experience * unit(founder.lpo_years / sat.experience_years)
            + w.track_record * track
            + w.certification * f64::from(u8::from(s.certified)),
    )
}

/// A client's month (§5.4): each escaped error destroys a delicacy-scaled share of trust,
/// lateness costs trust, and a clean, on-time month earns trust and volume.
pub(crate) fn update_client(
    client: &mut Client,
    p: &ClientParams,
    delicacy: f64,
    escaped: u64,
    late: f64,
) {
    let keep = 1.0 - delicacy * p.error_trust_loss;
    let mut trust = if escaped > 0 {
        client.trust * pow(keep, escaped as f64)
    } else {
        client.trust
    };
    trust -= p.late_trust_loss * late;
    if escaped == 0 && late == 0.0 {
        trust += p.trust_gain * (1.0 - trust);
        client.volume_share += p.volume_growth * trust * (1.0 - client.volume_share);
    }
    client.trust = unit(trust);
}
