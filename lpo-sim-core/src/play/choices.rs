//! The player's standing choices ([`Choices`]) and one change to them ([`Change`]), typed as
//! a line of text (`price legal_research 1.1`).

use crate::line::{PerLine, ServiceLine};
use crate::strategy::{Decisions, Observation};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Most associates the player may target on one line, and most trainers.
pub const MAX_PLAYER_STAFF: u32 = 1_000;

/// What the player has decided, each in force until changed: `None` leaves the decision to
/// the rule-based strategy. Applied over the rule-based decisions of every month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choices {
    /// Sell the line, or not.
    pub offered: PerLine<Option<bool>>,
    /// Price as a multiple of the line's market rate (its billing rate, less automation's
    /// price pressure), 0.1..=10.
    pub price: PerLine<Option<f64>>,
    /// Target associates on the line (staff plus pending hires), 0..=1000.
    pub staff: PerLine<Option<u32>>,
    /// Target trainers, 0..=1000.
    pub trainers: Option<u32>,
    /// Quality of trainers hired from now on, 0..=1.
    pub trainer_quality: Option<f64>,
    /// Candidates screened per hire, 1..=50.
    pub hiring_rigor: Option<u32>,
    /// Pay as a multiple of market pay, 0.25..=4.
    pub pay_level: Option<f64>,
    /// Share of production hours spent on QA review, 0..=0.9.
    pub qa_share: Option<f64>,
    /// Marketing spend per month, 0..=1e9.
    pub marketing: Option<f64>,
    /// Engage the consultant.
    pub consultant: Option<bool>,
    /// Pursue or keep certification.
    pub certify: Option<bool>,
    /// Use AI (ignored while automation is off).
    pub ai: Option<bool>,
}

impl Choices {
    /// Applies the choices over `d`, the rule-based decisions for the month `obs` is about.
    /// A line turned off without a staff target of its own gets no associates.
    pub fn apply(&self, obs: &Observation<'_>, d: &mut Decisions) {
        for line in ServiceLine::ALL {
            if let Some(offered) = self.offered[line] {
                d.offered[line] = offered;
                if !offered && self.staff[line].is_none() {
                    d.associates[line] = 0;
                }
            }
            if let Some(multiple) = self.price[line] {
                d.prices[line] =
                    obs.scenario.lines[line].billing_rate * obs.market_rate[line] * multiple;
            }
            if let Some(staff) = self.staff[line] {
                d.associates[line] = staff;
            }
        }
        set(&mut d.trainers, self.trainers);
        set(&mut d.trainer_quality, self.trainer_quality);
        set(&mut d.hiring_rigor, self.hiring_rigor);
        set(&mut d.pay_level, self.pay_level);
        set(&mut d.qa_share, self.qa_share);
        set(&mut d.marketing, self.marketing);
        set(&mut d.consultant, self.consultant);
        set(&mut d.certify, self.certify);
        set(&mut d.ai_adopted, self.ai);
    }

    /// Makes `change`.
    pub fn change(&mut self, change: Change) {
        match change {
            Change::Offer(line, v) => self.offered[line] = v,
            Change::Price(line, v) => self.price[line] = v,
            Change::Staff(line, v) => self.staff[line] = v,
            Change::Trainers(v) => self.trainers = v,
            Change::TrainerQuality(v) => self.trainer_quality = v,
            Change::Rigor(v) => self.hiring_rigor = v,
            Change::Pay(v) => self.pay_level = v,
            Change::Qa(v) => self.qa_share = v,
            Change::Marketing(v) => self.marketing = v,
            Change::Consultant(v) => self.consultant = v,
            Change::Certify(v) => self.certify = v,
            Change::Ai(v) => self.ai = v,
        }
    }

    /// The choices as the changes that make them from none, in a fixed order.
    pub fn as_changes(&self) -> Vec<Change> {
        let mut changes = Vec::new();
        for line in ServiceLine::ALL {
            if self.offered[line].is_some() {
                changes.push(Change::Offer(line, self.offered[line]));
            }
            if self.price[line].is_some() {
                changes.push(Change::Price(line, self.price[line]));
            }
            if self.staff[line].is_some() {
                changes.push(Change::Staff(line, self.staff[line]));
            }
        }
        let firm = [
            self.trainers.map(|v| Change::Trainers(Some(v))),
            self.trainer_quality
                .map(|v| Change::TrainerQuality(Some(v))),
            self.hiring_rigor.map(|v| Change::Rigor(Some(v))),
            self.pay_level.map(|v| Change::Pay(Some(v))),
            self.qa_share.map(|v| Change::Qa(Some(v))),
            self.marketing.map(|v| Change::Marketing(Some(v))),
            self.consultant.map(|v| Change::Consultant(Some(v))),
            self.certify.map(|v| Change::Certify(Some(v))),
            self.ai.map(|v| Change::Ai(Some(v))),
        ];
        changes.extend(firm.into_iter().flatten());
        changes
    }

    /// The first choice out of range, as a message naming it (for choices read from a file).
    pub fn problem(&self) -> Option<String> {
        self.as_changes()
            .into_iter()
            .find_map(|c| c.problem().map(|p| format!("`{c}`: {p}")))
    }
}

fn set<T>(target: &mut T, choice: Option<T>) {
    if let Some(value) = choice {
        *target = value;
    }
}

/// One change of the player's choices; `None` hands the decision back to the rule-based
/// strategy (`auto`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    /// `offer LINE on|off|auto`.
    Offer(ServiceLine, Option<bool>),
    /// `price LINE MULTIPLE|auto`.
    Price(ServiceLine, Option<f64>),
    /// `staff LINE N|auto`.
    Staff(ServiceLine, Option<u32>),
    /// `trainers N|auto`.
    Trainers(Option<u32>),
    /// `trainer-quality Q|auto`.
    TrainerQuality(Option<f64>),
    /// `rigor N|auto`.
    Rigor(Option<u32>),
    /// `pay MULTIPLE|auto`.
    Pay(Option<f64>),
    /// `qa SHARE|auto`.
    Qa(Option<f64>),
    /// `marketing AMOUNT|auto`.
    Marketing(Option<f64>),
    /// `consultant on|off|auto`.
    Consultant(Option<bool>),
    /// `certify on|off|auto`.
    Certify(Option<bool>),
    /// `ai on|off|auto`.
    Ai(Option<bool>),
}

/// Every change command, one line each, for help text.
pub const CHANGE_HELP: &[(&str, &str)] = &[
    ("offer LINE on|off", "sell the line or stop selling it"),
    (
        "price LINE X",
        "price as a multiple of the line's market rate, 0.1 to 10",
    ),
    (
        "staff LINE N",
        "target N associates on the line (hires or lays off to reach it), 0 to 1000",
    ),
    ("trainers N", "target N trainers, 0 to 1000"),
    (
        "trainer-quality Q",
        "quality of trainers hired from now on, 0 to 1",
    ),
    ("rigor N", "candidates screened per hire, 1 to 50"),
    ("pay X", "pay as a multiple of market pay, 0.25 to 4"),
    ("qa X", "share of production hours on QA review, 0 to 0.9"),
    ("marketing X", "marketing spend per month, 0 to 1e9"),
    ("consultant on|off", "engage the consultant or not"),
    ("certify on|off", "pursue (and keep) certification or not"),
    ("ai on|off", "use AI (only with automation on)"),
];

impl Change {
    /// Parses a change as typed: a command word, a line for the per-line ones, and a value
    /// or `auto`. The message of an error says what is wrong and what to type instead.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::ServiceLine;
    /// use lpo_sim_core::play::Change;
    /// assert_eq!(Change::parse("price legal_research 1.1"), Ok(Change::Price(ServiceLine::LegalResearch, Some(1.1))));
    /// assert_eq!(Change::parse("rigor auto"), Ok(Change::Rigor(None)));
    /// assert!(Change::parse("rigor 99").unwrap_err().contains("1 to 50"));
    /// ```
    pub fn parse(text: &str) -> Result<Change, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let Some((&command, rest)) = words.split_first() else {
            return Err("empty command".to_owned());
        };
        let per_line = matches!(command, "offer" | "price" | "staff");
        let usage = CHANGE_HELP
            .iter()
            .find(|(u, _)| u.split(' ').next() == Some(command))
            .map(|(u, _)| *u)
            .ok_or_else(|| format!("unknown command `{command}`; type `help` for the commands"))?;
        let expected = if per_line { 2 } else { 1 };
        if rest.len() != expected {
            return Err(format!(
                "`{command}` takes {}; type `{usage}` (or `auto` for the value)",
                if per_line {
                    "a line and a value"
                } else {
                    "one value"
                }
            ));
        }
        let (line, value) = if per_line {
            let line = ServiceLine::from_name(rest[0]).ok_or_else(|| {
                let names: Vec<&str> = ServiceLine::ALL.iter().map(|l| l.name()).collect();
                format!(
                    "unknown line `{}`; the lines are {}",
                    rest[0],
                    names.join(", ")
                )
            })?;
            (Some(line), rest[1])
        } else {
            (None, rest[0])
        };
        let line = || line.expect("per-line commands have a line");
        let change = match command {
            "offer" => Change::Offer(line(), switch(value)?),
            "price" => Change::Price(line(), number(value)?),
            "staff" => Change::Staff(line(), count(value)?),
            "trainers" => Change::Trainers(count(value)?),
            "trainer-quality" => Change::TrainerQuality(number(value)?),
            "rigor" => Change::Rigor(count(value)?),
            "pay" => Change::Pay(number(value)?),
            "qa" => Change::Qa(number(value)?),
            "marketing" => Change::Marketing(number(value)?),
            "consultant" => Change::Consultant(switch(value)?),
            "certify" => Change::Certify(switch(value)?),
            "ai" => Change::Ai(switch(value)?),
            _ => unreachable!("every command of CHANGE_HELP is matched"),
        };
        match change.problem() {
            Some(problem) => Err(format!("`{text}`: {problem}")),
            None => Ok(change),
        }
    }

    /// Why the value is out of range, if it is.
    pub fn problem(&self) -> Option<String> {
        let range = |v: Option<f64>, lo: f64, hi: f64, what: &str| match v {
            Some(x) if !(x.is_finite() && (lo..=hi).contains(&x)) => {
                Some(format!("{what} must be from {lo} to {hi}, not {x}"))
            }
            _ => None,
        };
        let counts = |v: Option<u32>, lo: u32, hi: u32, what: &str| match v {
            Some(n) if !(lo..=hi).contains(&n) => {
                Some(format!("{what} must be from {lo} to {hi}, not {n}"))
            }
            _ => None,
        };
        match *self {
            Change::Price(_, v) => range(v, 0.1, 10.0, "the price multiple"),
            Change::Staff(_, v) => counts(v, 0, MAX_PLAYER_STAFF, "staff"),
            Change::Trainers(v) => counts(v, 0, MAX_PLAYER_STAFF, "trainers"),
            Change::TrainerQuality(v) => range(v, 0.0, 1.0, "trainer quality"),
            Change::Rigor(v) => counts(v, 1, 50, "rigor"),
            Change::Pay(v) => range(v, 0.25, 4.0, "the pay level"),
            Change::Qa(v) => range(v, 0.0, 0.9, "the QA share"),
            Change::Marketing(v) => range(v, 0.0, 1e9, "marketing"),
            Change::Offer(..) | Change::Consultant(_) | Change::Certify(_) | Change::Ai(_) => None,
        }
    }
}

fn switch(value: &str) -> Result<Option<bool>, String> {
    match value {
        "on" | "yes" | "true" => Ok(Some(true)),
        "off" | "no" | "false" => Ok(Some(false)),
        "auto" => Ok(None),
        _ => Err(format!("`{value}` is not on, off or auto")),
    }
}

fn number(value: &str) -> Result<Option<f64>, String> {
    if value == "auto" {
        return Ok(None);
    }
    match value.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
        _ => Err(format!("`{value}` is not a number (or auto), e.g. 1.1")),
    }
}

fn count(value: &str) -> Result<Option<u32>, String> {
    if value == "auto" {
        return Ok(None);
    }
    value
        .parse::<u32>()
        .map(Some)
        .map_err(|_| format!("`{value}` is not a whole number (or auto), e.g. 2"))
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn v<T: fmt::Display>(value: Option<T>) -> String {
            value.map_or_else(|| "auto".to_owned(), |x| x.to_string())
        }
        fn s(value: Option<bool>) -> &'static str {
            match value {
                Some(true) => "on",
                Some(false) => "off",
                None => "auto",
            }
        }
        match *self {
            Change::Offer(line, x) => write!(f, "offer {} {}", line.name(), s(x)),
            Change::Price(line, x) => write!(f, "price {} {}", line.name(), v(x)),
            Change::Staff(line, x) => write!(f, "staff {} {}", line.name(), v(x)),
            Change::Trainers(x) => write!(f, "trainers {}", v(x)),
            Change::TrainerQuality(x) => write!(f, "trainer-quality {}", v(x)),
            Change::Rigor(x) => write!(f, "rigor {}", v(x)),
            Change::Pay(x) => write!(f, "pay {}", v(x)),
            Change::Qa(x) => write!(f, "qa {}", v(x)),
            Change::Marketing(x) => write!(f, "marketing {}", v(x)),
            Change::Consultant(x) => write!(f, "consultant {}", s(x)),
            Change::Certify(x) => write!(f, "certify {}", s(x)),
            Change::Ai(x) => write!(f, "ai {}", s(x)),
        }
    }
}
