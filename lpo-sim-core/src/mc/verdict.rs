//! A study's result in a few plain sentences a founder can act on: how many of 10 firms like
//! theirs are open at the end, how many ran out of cash, what the founder drew after the first
//! year against the pay they gave up, and what the firms that stayed open did differently from
//! those that ended (an association, worded as one). The statistics follow in the report.

use super::conduct::{EARLY_HIRE_MONTHS, GroupConduct};
use super::summary::McSummary;
use crate::line::ServiceLine;
use crate::text::whole_with_separators as money;
use serde::Serialize;

/// Fewest firms in each group (open, ended) for a comparison of what they did.
pub const MIN_GROUP_FIRMS: u64 = 30;

/// Smallest difference in share (open minus ended) the verdict names: 5 points, and only when
/// its 95 % interval excludes 0.
pub const MIN_NAMED_DIFFERENCE: f64 = 0.05;

/// The verdict: sentences in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The odds in tens.
    pub odds: String,
    /// The founder's draw after the first year against the pay given up, when firms ran that
    /// long.
    pub income: Option<String>,
    /// What the firms open at the end did differently from those that ended.
    pub differences: String,
}

impl Verdict {
    /// Words `summary`, a study of `horizon_months` months.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::Scenario;
    /// use lpo_sim_core::mc::{McConfig, Study, Verdict};
    /// let mut scenario = Scenario::default();
    /// scenario.horizon_months = 24;
    /// let outcome = Study::new(&scenario).config(McConfig::default().runs(200)).run()?;
    /// let verdict = Verdict::of(&outcome.summary(), scenario.horizon_months);
    /// assert!(verdict.odds.starts_with("Of 10 firms like this one"));
    /// # Ok::<(), lpo_sim_core::SimError>(())
    /// ```
    pub fn of(summary: &McSummary, horizon_months: u32) -> Verdict {
        Verdict {
            odds: odds(summary, horizon_months),
            income: income(summary),
            differences: differences(summary),
        }
    }

    /// Every sentence, in reading order.
    pub fn sentences(&self) -> Vec<&str> {
        let mut all = vec![self.odds.as_str()];
        all.extend(self.income.as_deref());
        all.push(&self.differences);
        all
    }
}

/// `months` as years when whole, else as months.
fn span(months: u32) -> String {
    match (months % 12, months / 12) {
        (0, 1) => "one year".to_owned(),
        (0, years) => format!("{years} years"),
        _ => format!("{months} months"),
    }
}

/// A share of 10 firms, to one decimal (`4.5`), or a whole number when it is one.
fn of_ten(share: f64) -> String {
    let tenths = (share * 100.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}")
    } else {
        format!("{tenths:.1}")
    }
}

fn odds(s: &McSummary, horizon_months: u32) -> String {
    if s.runs == 0 {
        return "No firm was simulated.".to_owned();
    }
    format!(
        "Of 10 firms like this one, {} are still open after {}, {} ran out of cash and {} were \
         closed by their founder while still solvent ({} firms simulated).",
        of_ten(s.open.estimate),
        span(horizon_months),
        of_ten(s.bankruptcy.estimate),
        of_ten(s.closure.estimate),
        money(s.runs as f64)
    )
}

fn income(s: &McSummary) -> Option<String> {
    let c = &s.conduct;
    if c.past_first_year == 0 {
        return None;
    }
    let (draw, outside) = (
        c.mean_draw_after_first_year(),
        c.mean_outside_pay_after_first_year(),
    );
    let ratio = if outside > 0.0 {
        format!(", {:.2} times as much", draw / outside)
    } else {
        String::new()
    };
    Some(format!(
        "After its first year, while the firm ran, a founder drew {} a month on average, \
         against {} a month from the job they gave up (outside pay, growing with wages){ratio}; \
         {} of 10 founders whose firm ran past its first year drew at least that pay.",
        money(draw),
        money(outside),
        of_ten(c.drew_outside_pay as f64 / c.past_first_year as f64)
    ))
}

/// Whether shares `p1` of `n1` firms and `p2` of `n2` differ clearly: by at least
/// [`MIN_NAMED_DIFFERENCE`], with a 95 % interval that excludes 0.
fn clearly_differ(p1: f64, n1: u64, p2: f64, n2: u64) -> bool {
    let se = (p1 * (1.0 - p1) / n1 as f64 + p2 * (1.0 - p2) / n2 as f64).sqrt();
    let d = (p1 - p2).abs();
    d >= MIN_NAMED_DIFFERENCE && d > super::summary::Z95 * se
}

/// The open group's share of `count`, the ended group's, and whether they clearly differ.
fn contrast(
    open: &GroupConduct,
    ended: &GroupConduct,
    count: impl Fn(&GroupConduct) -> u64,
) -> (f64, f64, bool) {
    let (p1, p2) = (open.share(count(open)), ended.share(count(ended)));
    (p1, p2, clearly_differ(p1, open.firms, p2, ended.firms))
}

fn differences(s: &McSummary) -> String {
    let (open, ended) = (&s.conduct.open, &s.conduct.ended);
    if open.firms < MIN_GROUP_FIRMS || ended.firms < MIN_GROUP_FIRMS {
        return format!(
            "Too few firms {} to compare what the open and the ended firms did (at least {} of \
             each are needed).",
            if open.firms < ended.firms {
                "stayed open"
            } else {
                "ended"
            },
            MIN_GROUP_FIRMS
        );
    }
    // The lines as one clause: which lines differ clearly, with the range of shares.
    let mut lines_clause = None;
    let mut lines = Vec::new();
    let (mut open_shares, mut ended_shares) = (Vec::new(), Vec::new());
    for line in ServiceLine::ALL {
        let (p1, p2, clear) = contrast(open, ended, |g| g.lines[line]);
        if clear {
            lines.push(line.name().replace('_', " "));
            open_shares.push(p1);
            ended_shares.push(p2);
        }
    }
    if !lines.is_empty() {
        let range = |v: &[f64]| {
            let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if (100.0 * lo).round() == (100.0 * hi).round() {
                format!("{:.0} %", 100.0 * lo)
            } else {
                format!("{:.0}–{:.0} %", 100.0 * lo, 100.0 * hi)
            }
        };
        let which = if lines.len() == ServiceLine::COUNT {
            "each line".to_owned()
        } else {
            lines.join(", ")
        };
        lines_clause = Some(format!(
            "delivered {which}: {} of the open firms, {} of those that ended (which had less time)",
            range(&open_shares),
            range(&ended_shares)
        ));
    }
    let mut named = Vec::new();
    let mut say = |what: &str, (p1, p2, clear): (f64, f64, bool)| {
        if clear {
            named.push(format!(
                "{what}: {:.0} % of the open firms, {:.0} % of those that ended",
                100.0 * p1,
                100.0 * p2
            ));
        }
    };
    say(
        &format!("hired by month {EARLY_HIRE_MONTHS}"),
        contrast(open, ended, |g| g.hired_early),
    );
    say("hired at all", contrast(open, ended, |g| g.hired));
    say(
        "engaged the consultant",
        contrast(open, ended, |g| g.consultant),
    );
    named.extend(lines_clause);
    if named.is_empty() {
        return "The firms still open at the end did not clearly differ from those that ended in \
                when they hired, which lines they delivered or the consultant."
            .to_owned();
    }
    format!(
        "The firms still open at the end differed from those that ended (an association, not a \
         cause: a firm hires and sells as it fares): {}.",
        named.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_of_ten_and_spans_read_plainly() {
        assert_eq!(of_ten(0.45), "4.5");
        assert_eq!(of_ten(0.2), "2");
        assert_eq!(of_ten(0.0), "0");
        assert_eq!(span(60), "5 years");
        assert_eq!(span(12), "one year");
        assert_eq!(span(30), "30 months");
        assert_eq!(money(1234567.4), "1,234,567");
        assert_eq!(money(950.0), "950");
    }

    fn group(firms: u64, hired_early: u64, consultant: u64) -> GroupConduct {
        GroupConduct {
            firms,
            hired: firms,
            hired_early,
            lines: crate::line::PerLine::splat(firms),
            consultant,
        }
    }

    #[test]
    fn only_clear_differences_are_named_and_small_groups_are_not_compared() {
        let mut summary = crate::mc::McSummary::of(&crate::mc::McState::new(12));
        summary.conduct.open = group(400, 360, 100);
        summary.conduct.ended = group(400, 200, 104);
        let words = differences(&summary);
        // 90 % against 50 % is named; 25 % against 26 % is noise; every line 100 % alike.
        assert!(
            words.contains("hired by month 6: 90 % of the open firms, 50 %"),
            "{words}"
        );
        assert!(
            !words.contains("consultant") && !words.contains("delivered"),
            "{words}"
        );
        summary.conduct.ended = group(12, 2, 0);
        assert!(differences(&summary).starts_with("Too few firms ended"));
        summary.conduct.ended = group(400, 362, 100);
        assert!(differences(&summary).contains("did not clearly differ"));
    }
}
