//! The output of `lpo-sim calibrate closures`: why firms close (MODEL.md §15.5), and survival
//! at seven and ten years against the published cohort figures; as tables or JSON.

use super::study::count;
use lpo_sim_core::calibration::{
    ClosureProfile, Figure, PUBLISHED_HAZARD_BY_YEAR, SMALL_FIRM_STAFF, Targets,
};
use std::io::Write;

/// One ensemble member's closure profile, named by where the history match found it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MemberProfile {
    /// The member's wave (from 1).
    pub wave: u32,
    /// Its index in the wave's design.
    pub point: u64,
    /// The profile of the study run with its parameters.
    pub profile: ClosureProfile,
}

/// A closure profile and the scenario it is of.
#[derive(Debug, Clone)]
pub struct ClosuresReport<'a> {
    /// Scenario label.
    pub scenario: &'a str,
    /// The profile.
    pub profile: &'a ClosureProfile,
    /// The same study of each member of a calibration ensemble (`--ensemble`), in the file's
    /// order; empty without one.
    pub members: &'a [MemberProfile],
    /// The calibration file the members come from (empty without one).
    pub ensemble: &'a str,
}

impl ClosuresReport<'_> {
    /// The survival figures within the horizon outside their published range (the embedded
    /// survival targets past month 60, and survival between two such months), as words:
    /// "open at month 84", "of those open at month 84, open at month 120".
    pub fn outside_published(&self) -> impl Iterator<Item = String> + '_ {
        self.published_within_horizon(|p, open| {
            !open.is_nan() && (open < p.range[0] || open > p.range[1])
        })
    }

    /// The published survival figures within the horizon that the study could not measure:
    /// survival between two ages when no firm was open at the first (NaN). `--strict` fails on
    /// them too, naming them apart from those outside.
    pub fn not_measured(&self) -> impl Iterator<Item = String> + '_ {
        self.published_within_horizon(|_, open| open.is_nan())
    }

    /// The labels of the published survival figures within the horizon for which `keep` holds
    /// of the figure and the model's value.
    fn published_within_horizon(
        &self,
        keep: impl Fn(&PublishedSurvival, f64) -> bool + 'static,
    ) -> impl Iterator<Item = String> + '_ {
        long_horizon_survival()
            .into_iter()
            .filter(|p| p.month <= self.profile.horizon_months)
            .filter(move |p| keep(p, p.model(self.profile)))
            .map(|p| p.label())
    }
}

/// What published cohorts say of young employer firms' size, beside the model's.
const SIZE_SOURCE: &str = "startups have 4 employees on average at birth (BLS Business \
    Employment Dynamics, Sadeghi, Spotlight on Statistics, Jan. 2022); surviving young firms \
    add about 15 % a year at age one and less later (Census Business Dynamics Statistics, \
    Kauffman Foundation 2010): about 6 to 8 employees at five years for the survivors";

/// A published share of firms open beyond five years: the embedded survival targets past
/// month 60 (matched by the history match, checked by `calibrate check`).
struct PublishedSurvival {
    /// For survival between two ages, the first (the share is of the firms open then).
    from: Option<u32>,
    month: u32,
    range: [f64; 2],
    source: String,
}

impl PublishedSurvival {
    /// The model's figure: the share open at `month`, of all firms or of those open at `from`
    /// (NaN when none were).
    fn model(&self, p: &ClosureProfile) -> f64 {
        let open = p.open_at(self.month);
        match self.from {
            None => open,
            Some(from) => {
                let before = p.open_at(from);
                if before > 0.0 {
                    open / before
                } else {
                    f64::NAN
                }
            }
        }
    }

    fn label(&self) -> String {
        match self.from {
            None => format!("open at month {}", self.month),
            Some(from) => format!(
                "of those open at month {from}, open at month {}",
                self.month
            ),
        }
    }

    /// The table's first column: `84` or `84→120`.
    fn months(&self) -> String {
        match self.from {
            None => self.month.to_string(),
            Some(from) => format!("{from}→{}", self.month),
        }
    }
}

fn long_horizon_survival() -> Vec<PublishedSurvival> {
    Targets::default()
        .targets
        .into_iter()
        .filter_map(|t| match t.figure {
            Figure::Survival { month } if month > 60 => Some(PublishedSurvival {
                from: None,
                month,
                range: t.range,
                source: t.source,
            }),
            Figure::ConditionalSurvival { months } if months[0] >= 60 => Some(PublishedSurvival {
                from: Some(months[0]),
                month: months[1],
                range: t.range,
                source: t.source,
            }),
            _ => None,
        })
        .collect()
}

fn percent(share: f64) -> String {
    format!("{:.1} %", 100.0 * share)
}

/// The text report: the scenario's tables, then one line per ensemble member.
pub(crate) fn write_report(r: &ClosuresReport<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    write_tables(r.scenario, r.profile, out)?;
    if !r.members.is_empty() {
        write_members(r.ensemble, r.members, out)?;
    }
    Ok(())
}

/// The ratio of the top profit quintile's closure rate to the bottom's (NaN when the bottom
/// never closes).
fn top_to_bottom(p: &ClosureProfile) -> f64 {
    let bottom = p.by_profit[0].exposure.rate();
    if bottom > 0.0 {
        p.by_profit[4].exposure.rate() / bottom
    } else {
        f64::NAN
    }
}

/// Across the plausible worlds: each member's hazard by year, late closure by profit and size,
/// so a reader sees which of these the targets pin and which they leave to the world chosen.
fn write_members(
    ensemble: &str,
    members: &[MemberProfile],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "\nacross the plausible worlds of {ensemble} ({} members, each on the same seeds as \
         the study above; member: its wave and point in the history match): hazard by year of \
         age (%), late closure of the top profit quintile ÷ the bottom's, mean staff of the \
         open firms at the end of years 1 and 5",
        members.len()
    )?;
    let years = members
        .iter()
        .map(|m| m.profile.by_year.len())
        .max()
        .unwrap_or(0);
    let mut header = String::from("    member");
    for y in 1..=years {
        header.push_str(&format!("  {:>4}", format!("y{y}")));
    }
    header.push_str("  peak  top÷bottom  staff y1  staff y5");
    writeln!(out, "{header}")?;
    for member in members {
        let m = &member.profile;
        // `w7 p666`: wave and point, as `calibrate run` and `calibrate holdout` name members.
        let mut line = format!("{:>10}", format!("w{} p{}", member.wave, member.point));
        for y in &m.by_year {
            line.push_str(&format!("  {:>4.1}", 100.0 * y.hazard()));
        }
        let staff = |year: u32| {
            m.size_by_year
                .iter()
                .find(|s| s.year == year && s.open > 0)
                .map_or_else(|| "-".to_owned(), |s| format!("{:.1}", s.mean_staff()))
        };
        let ratio = top_to_bottom(m);
        let ratio = if ratio.is_finite() {
            format!("{ratio:.2}")
        } else {
            "-".to_owned()
        };
        line.push_str(&format!(
            "  {:>4}  {:>10}  {:>8}  {:>8}",
            m.peak_year(),
            ratio,
            staff(1),
            staff(5)
        ));
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn write_tables(origin: &str, p: &ClosureProfile, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "Why firms close  |  scenario {origin}  |  {} firms  |  horizon {} months\n",
        count(p.runs),
        p.horizon_months
    )?;
    writeln!(
        out,
        "hazard by year of age: of the firms open at the start of the year, the share that ended in it"
    )?;
    writeln!(
        out,
        "year  open at start  ended  hazard  of them sale/retirement/better job  published"
    )?;
    for y in &p.by_year {
        let published = PUBLISHED_HAZARD_BY_YEAR
            .get(y.year as usize - 1)
            .map_or_else(|| "-".to_string(), |h| percent(*h));
        writeln!(
            out,
            "{:>4}  {:>13}  {:>5}  {:>6}  {:>33}  {:>9}",
            y.year,
            count(y.open_at_start),
            count(y.ended),
            percent(y.hazard()),
            count(y.exits),
            published
        )?;
    }
    writeln!(
        out,
        "peak: year {}; published: the BLS cohort born in March 1994 (Business Employment Dynamics; \
         only survival at 12 to 120 months is matched, not this shape)\n",
        p.peak_year()
    )?;
    writeln!(
        out,
        "closure by profit quintile, months {}–{}: ends per firm-month by the firm's trailing operating profit (before the founder's pay)",
        p.profit_months[0], p.profit_months[1]
    )?;
    writeln!(
        out,
        "quintile  mean profit/month  firm-months  ends  per month  of them for low income"
    )?;
    for q in &p.by_profit {
        writeln!(
            out,
            "{:>8}  {:>17.0}  {:>11}  {:>4}  {:>9}  {:>6}",
            q.quintile,
            q.mean_profit,
            count(q.exposure.firm_months),
            count(q.exposure.ended),
            format!("{:.2} %", 100.0 * q.exposure.rate()),
            count(q.exposure.low_income)
        )?;
    }
    let ratio = top_to_bottom(p);
    if ratio.is_finite() {
        writeln!(out, "top quintile ÷ bottom: {ratio:.2}\n")?;
    } else {
        writeln!(out)?;
    }
    writeln!(out, "recessions: ends per firm-month")?;
    for (name, e) in [("recession", &p.recession), ("expansion", &p.expansion)] {
        writeln!(
            out,
            "{name:>10}  {:>11} firm-months  {:>6} ends  {:.2} % a month",
            count(e.firm_months),
            count(e.ended),
            100.0 * e.rate()
        )?;
    }
    writeln!(
        out,
        "firms with {SMALL_FIRM_STAFF} or fewer staff at the month's start, against all firms \
         (published: in 2007–10 establishments that small exited at about 2 × the average \
         rate of establishments of every size and age: Eubanks & Wiczer 2017)"
    )?;
    for (name, small, all) in [
        ("recession", &p.recession_small, &p.recession),
        ("expansion", &p.expansion_small, &p.expansion),
    ] {
        if all.rate() > 0.0 {
            writeln!(
                out,
                "{name:>10}  {:>11} firm-months  {:>6} ends  {:.2} % a month: {:.2} × all firms'",
                count(small.firm_months),
                count(small.ended),
                100.0 * small.rate(),
                small.rate() / all.rate()
            )?;
        }
    }
    writeln!(
        out,
        "\nsize of the open firms by year of age: staff (associates and trainers) at the \
         year's end; the embedded targets match the mean at years 1 and 5 (`staff_open_y1`, \
         `staff_open_y5`; MODEL.md §15.1), not the other years or the share under 10"
    )?;
    writeln!(out, "year    open  mean staff  under 10 staff")?;
    for y in &p.size_by_year {
        writeln!(
            out,
            "{:>4}  {:>6}  {:>10.1}  {:>14}",
            y.year,
            count(y.open),
            y.mean_staff(),
            percent(y.share_under_ten())
        )?;
    }
    writeln!(
        out,
        "hired anyone in the first year: {} of firms",
        percent(p.hired_in_first_year as f64 / p.runs.max(1) as f64)
    )?;
    writeln!(out, "published: {SIZE_SOURCE}")?;
    writeln!(
        out,
        "\nsurvival beyond five years: published ranges the history match fits (targets \
         open_at_84, open_at_120, open_84_to_120; MODEL.md §15.1)"
    )?;
    writeln!(out, "  month  model open  published  verdict")?;
    let published = long_horizon_survival();
    for s in &published {
        if s.month > p.horizon_months {
            continue;
        }
        let open = s.model(p);
        let inside = s.range[0] <= open && open <= s.range[1];
        writeln!(
            out,
            "{:>7}  {:>10}  {} to {}  {}",
            s.months(),
            percent(open),
            percent(s.range[0]),
            percent(s.range[1]),
            if inside { "inside" } else { "OUTSIDE" }
        )?;
    }
    writeln!(out, "\nsources")?;
    for s in &published {
        writeln!(out, "  {:>7}  {}", s.months(), s.source)?;
    }
    Ok(())
}

/// The JSON document of `profile`: the profile and the published checks, pretty, without a
/// final newline.
pub(crate) fn json(r: &ClosuresReport<'_>) -> String {
    let mut json = JsonView::of(r.scenario, r.profile);
    json.members = r.members;
    json.ensemble = (!r.members.is_empty()).then_some(r.ensemble);
    serde_json::to_string_pretty(&json).expect("a closure profile always serialises")
}

/// The JSON document: the profile and the published checks.
#[derive(serde::Serialize)]
struct JsonView<'a> {
    scenario: &'a str,
    profile: &'a ClosureProfile,
    long_horizon_survival: Vec<JsonCheck>,
    /// The calibration file of `members`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    ensemble: Option<&'a str>,
    /// Each ensemble member's profile, in the file's order.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    members: &'a [MemberProfile],
}

#[derive(serde::Serialize)]
struct JsonCheck {
    /// For survival between two ages, the first (the share is of the firms open then).
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<u32>,
    month: u32,
    model: f64,
    range: [f64; 2],
    inside: bool,
    source: String,
}

impl<'a> JsonView<'a> {
    fn of(origin: &'a str, profile: &'a ClosureProfile) -> Self {
        JsonView {
            scenario: origin,
            profile,
            long_horizon_survival: long_horizon_survival()
                .into_iter()
                .filter(|s| s.month <= profile.horizon_months)
                .map(|s| {
                    let model = s.model(profile);
                    JsonCheck {
                        from: s.from,
                        month: s.month,
                        model,
                        range: s.range,
                        inside: s.range[0] <= model && model <= s.range[1],
                        source: s.source,
                    }
                })
                .collect(),
            ensemble: None,
            members: &[],
        }
    }
}
