//! Parameters by dotted path. Each parameter is declared once (the crate-internal `declare_params!` macro, in `params/declare.rs`) with
//! its default, range, unit, doc line and source; walking a scenario visits every parameter
//! with that declaration, which serves validation, listing, setting by path, the commented
//! default scenario file and the MODEL.md parameter tables.
//!
//! # Examples
//! ```
//! use lpo_sim_core::Scenario;
//! use lpo_sim_core::params::list_params;
//! let params = list_params(&mut Scenario::default());
//! let rigor = params.iter().find(|p| p.path == "strategy.rule.hiring_rigor").unwrap();
//! assert!(rigor.integer && rigor.min == 1.0);
//! assert!(!rigor.doc.is_empty() && !rigor.source.is_empty());
//! ```

pub(crate) mod declare;
mod written;

pub use crate::error::SetError;
pub(crate) use declare::declare_params;
pub use declare::{Declaration, Declared, LineText, TextValue};
pub use written::{WrittenForm, read_any_written_number, read_written_value};

use crate::line::ServiceLine;

/// What kind of number a parameter holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    /// A real number.
    Real,
    /// A whole number.
    Count,
    /// A yes/no switch (stored as 0 or 1 in listings).
    Flag,
}

/// Everything declared about one numeric parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamSpec {
    /// Real, whole number or yes/no.
    pub kind: ParamKind,
    /// Smallest allowed value (inclusive).
    pub min: f64,
    /// Largest allowed value (inclusive).
    pub max: f64,
    /// Unit, for people (e.g. `currency/month`, `probability`).
    pub unit: &'static str,
    /// The declared default (flags as 0 or 1).
    pub default: f64,
    /// What it is (the doc comment of its declaration, one or more lines).
    pub doc: &'static str,
    /// Where the default comes from: a row of the published figures, or "assumption".
    pub source: &'static str,
}

/// Everything declared about one non-numeric field (a label or a name from a list).
#[derive(Debug, Clone, PartialEq)]
pub struct TextSpec {
    /// The declared default, as written in a scenario file.
    pub default: String,
    /// The values allowed, for people.
    pub values: &'static str,
    /// What it is.
    pub doc: &'static str,
    /// Where the default comes from.
    pub source: &'static str,
}

/// A mutable reference to one parameter's value.
#[derive(Debug)]
#[non_exhaustive]
pub enum ParamValue<'a> {
    /// A real number.
    Real(&'a mut f64),
    /// A whole number.
    Count(&'a mut u32),
    /// A yes/no switch.
    Flag(&'a mut bool),
}

impl ParamValue<'_> {
    /// The value as f64 (flags as 0 or 1).
    pub fn get(&self) -> f64 {
        match self {
            ParamValue::Real(v) => **v,
            ParamValue::Count(v) => f64::from(**v),
            ParamValue::Flag(v) => f64::from(u8::from(**v)),
        }
    }
}

/// Receives each parameter with its full dotted path, in declaration order.
pub trait ParamVisitor {
    /// A numeric parameter (real, whole number or yes/no).
    fn visit(&mut self, path: &str, value: ParamValue<'_>, spec: &ParamSpec);
    /// A non-numeric field, with its value as written in a file.
    fn text(&mut self, path: &str, value: &str, spec: &TextSpec) {
        let _ = (path, value, spec);
    }
    /// A section starts (its parameters follow until [`ParamVisitor::leave`]).
    fn enter(&mut self, path: &str, doc: &'static str) {
        let _ = (path, doc);
    }
    /// The section entered last ends.
    fn leave(&mut self) {}
}

/// Something whose parameters can be walked.
pub trait Params {
    /// Reports every parameter to `walker`, sections as nested paths.
    fn walk(&mut self, walker: &mut ParamWalker<'_>);
}

/// Builds dotted paths while a [`Params`] value is walked.
pub struct ParamWalker<'v> {
    path: String,
    marks: Vec<usize>,
    line: Option<ServiceLine>,
    visitor: &'v mut dyn ParamVisitor,
}

impl<'v> ParamWalker<'v> {
    /// A walker rooted at the empty path.
    pub fn new(visitor: &'v mut dyn ParamVisitor) -> Self {
        ParamWalker {
            path: String::new(),
            marks: Vec::new(),
            line: None,
            visitor,
        }
    }

    fn push(&mut self, name: &str) {
        self.marks.push(self.path.len());
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
    }

    fn pop(&mut self) {
        let len = self.marks.pop().expect("pop matches a push");
        self.path.truncate(len);
    }

    /// The service line of the per-line section being walked, if any.
    pub fn line(&self) -> Option<ServiceLine> {
        self.line
    }

    /// Enters section `name`.
    pub fn enter(&mut self, name: &str, doc: &'static str) {
        self.push(name);
        self.visitor.enter(&self.path, doc);
    }

    /// Leaves the section entered last.
    pub fn leave(&mut self) {
        self.visitor.leave();
        self.pop();
    }

    /// Enters the section of `line` inside a per-line section.
    pub fn enter_line(&mut self, line: ServiceLine) {
        self.line = Some(line);
        self.enter(line.name(), "");
    }

    /// Leaves a line's section.
    pub fn leave_line(&mut self) {
        self.leave();
        self.line = None;
    }

    /// Reports one numeric parameter.
    pub fn leaf(&mut self, name: &str, value: ParamValue<'_>, spec: &ParamSpec) {
        self.push(name);
        self.visitor.visit(&self.path, value, spec);
        self.pop();
    }

    /// Reports one non-numeric field.
    pub fn text(&mut self, name: &str, value: &str, spec: &TextSpec) {
        self.push(name);
        self.visitor.text(&self.path, value, spec);
        self.pop();
    }
}

/// Walks `params` with `visitor`.
pub fn walk(params: &mut dyn Params, visitor: &mut dyn ParamVisitor) {
    params.walk(&mut ParamWalker::new(visitor));
}

/// One row of a parameter listing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ParamInfo {
    /// Dotted path, e.g. `workforce.attrition.base_monthly`.
    pub path: String,
    /// Current value (flags as 0 or 1).
    pub value: f64,
    /// Real, whole number or yes/no.
    pub kind: ParamKind,
    /// Whether the parameter is a whole number.
    pub integer: bool,
    /// Whether the parameter is a yes/no switch.
    pub flag: bool,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
    /// Unit.
    pub unit: &'static str,
    /// The declared default.
    pub default: f64,
    /// What it is (first paragraph of its doc comment, on one line).
    pub doc: String,
    /// Where the default comes from.
    pub source: &'static str,
}

impl ParamInfo {
    /// Whether the default is an assumption (no published figure gives it), as MODEL.md
    /// marks it.
    pub fn is_assumption(&self) -> bool {
        self.source.starts_with("assumption")
    }
}

/// A parameter's name for people, from its dotted path: the words of its last parts, with
/// the section where it says what the parameter is about (`founder.savings` → "Founder
/// savings", `strategy.rule.hiring_rigor` → "Hiring rigor",
/// `lines.legal_research.client_hours` → "Legal research: client hours"). Charts show it;
/// tables and files keep the path, which is what `--set` and `--param` take.
///
/// # Examples
/// ```
/// use lpo_sim_core::params::human_label;
/// assert_eq!(human_label("clients.marketing_cost_per_lead"), "Marketing cost per lead");
/// assert_eq!(human_label("workforce.attrition.base_monthly"), "Attrition: base monthly");
/// assert_eq!(human_label("founder.savings"), "Founder savings");
/// assert_eq!(human_label("strategy.rule.hiring_rigor"), "Hiring rigor");
/// assert_eq!(human_label("lines.legal_research.client_hours"), "Legal research: client hours");
/// assert_eq!(human_label("horizon_months"), "Horizon months");
/// assert_eq!(human_label("founder.knowledge.legal_research"), "Founder knowledge: legal research");
/// ```
pub fn human_label(path: &str) -> String {
    let words = |part: &str| part.replace('_', " ");
    let parts: Vec<&str> = path.split('.').collect();
    // Sections whose name is part of what the parameter means.
    const NAMED: [&str; 4] = ["founder", "consultant", "closure", "career"];
    let parts: &[&str] = match parts.as_slice() {
        ["strategy", "rule", rest @ ..] => rest,
        [first, rest @ ..] if !rest.is_empty() && !NAMED.contains(first) => rest,
        all => all,
    };
    let text = match parts {
        [] => String::new(),
        [one] => words(one),
        [section, one] if NAMED.contains(section) => format!("{section} {}", words(one)),
        [head @ .., last] => format!(
            "{}: {}",
            head.iter().map(|p| words(p)).collect::<Vec<_>>().join(" "),
            words(last)
        ),
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// The first paragraph of a declaration's doc comment, on one line (a doc line wrapped in the
/// source is one sentence, not cut at its first line).
///
/// # Examples
/// ```
/// use lpo_sim_core::params::doc_line;
/// assert_eq!(doc_line(" Monthly pay of the job\n left.\n\n More."), "Monthly pay of the job left.");
/// ```
pub fn doc_line(doc: &str) -> String {
    doc.lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lists every numeric parameter of `params` with its value and declaration.
pub fn list_params(params: &mut dyn Params) -> Vec<ParamInfo> {
    struct Lister(Vec<ParamInfo>);
    impl ParamVisitor for Lister {
        fn visit(&mut self, path: &str, value: ParamValue<'_>, spec: &ParamSpec) {
            self.0.push(ParamInfo {
                path: path.to_owned(),
                value: value.get(),
                kind: spec.kind,
                integer: spec.kind == ParamKind::Count,
                flag: spec.kind == ParamKind::Flag,
                min: spec.min,
                max: spec.max,
                unit: spec.unit,
                default: spec.default,
                doc: doc_line(spec.doc),
                source: spec.source,
            });
        }
    }
    let mut lister = Lister(Vec::new());
    walk(params, &mut lister);
    lister.0
}

/// A parameter outside its range, or not a finite number.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeViolation {
    /// Dotted path.
    pub path: String,
    /// The offending value.
    pub value: f64,
    /// Its declaration.
    pub spec: ParamSpec,
}

impl std::fmt::Display for RangeViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` = {} is out of range: allowed {} to {} ({})",
            self.path, self.value, self.spec.min, self.spec.max, self.spec.unit
        )
    }
}

/// Every parameter of `params` that is NaN, infinite or outside its range, in walk order.
pub fn range_violations(params: &mut dyn Params) -> Vec<RangeViolation> {
    struct Checker(Vec<RangeViolation>);
    impl ParamVisitor for Checker {
        fn visit(&mut self, path: &str, value: ParamValue<'_>, spec: &ParamSpec) {
            let v = value.get();
            if !v.is_finite() || v < spec.min || v > spec.max {
                self.0.push(RangeViolation {
                    path: path.to_owned(),
                    value: v,
                    spec: *spec,
                });
            }
        }
    }
    let mut checker = Checker(Vec::new());
    walk(params, &mut checker);
    checker.0
}

/// Sets the parameter at `path` to `value` after checking its kind (whole numbers take whole
/// values, switches 0 or 1, nothing takes NaN or infinity) and its range. Returns the previous
/// value. Cross-field rules (lead shares summing to 1) are checked by validation, since
/// setting tied parameters one at a time must pass through states that break them.
///
/// # Errors
/// [`SetError`] naming the path: unknown (with the closest paths), wrong kind, out of range.
///
/// # Examples
/// ```
/// use lpo_sim_core::{Scenario, params::{set_param, SetError}};
/// let mut s = Scenario::default();
/// assert_eq!(set_param(&mut s, "horizon_months", 24.0), Ok(60.0));
/// assert!(matches!(set_param(&mut s, "horizon_months", 24.5), Err(SetError::Kind { .. })));
/// assert!(matches!(set_param(&mut s, "horizon_month", 24.0), Err(SetError::Unknown { .. })));
/// ```
pub fn set_param(params: &mut dyn Params, path: &str, value: f64) -> Result<f64, SetError> {
    struct Setter<'a> {
        path: &'a str,
        value: f64,
        result: Option<Result<f64, SetError>>,
        paths: Vec<String>,
    }
    impl ParamVisitor for Setter<'_> {
        fn visit(&mut self, path: &str, target: ParamValue<'_>, spec: &ParamSpec) {
            if path != self.path {
                self.paths.push(path.to_owned());
                return;
            }
            let checked = check_value(path, self.value, spec).map(|()| {
                let previous = target.get();
                assign(target, self.value);
                previous
            });
            self.result = Some(checked);
        }
    }
    let mut setter = Setter {
        path,
        value,
        result: None,
        paths: Vec::new(),
    };
    walk(params, &mut setter);
    setter.result.unwrap_or_else(|| {
        Err(SetError::Unknown {
            path: path.to_owned(),
            closest: closest_paths(path, &setter.paths),
        })
    })
}

/// Whether `v` may be given to the parameter at `path` declared by `spec`: finite, of its
/// kind, inside its range.
fn check_value(path: &str, v: f64, spec: &ParamSpec) -> Result<(), SetError> {
    let kind = |expected| {
        Err(SetError::Kind {
            path: path.to_owned(),
            expected,
            value: v,
        })
    };
    if !v.is_finite() {
        kind("a finite number")
    } else if spec.kind == ParamKind::Count && v.fract() != 0.0 {
        kind("a whole number")
    } else if spec.kind == ParamKind::Flag && v != 0.0 && v != 1.0 {
        kind("a yes/no switch (true/false or 1/0)")
    } else if v < spec.min || v > spec.max {
        Err(SetError::Range {
            path: path.to_owned(),
            value: v,
            min: spec.min,
            max: spec.max,
            unit: spec.unit,
        })
    } else {
        Ok(())
    }
}

/// Gives `v` (already checked by [`check_value`]) to `target`.
fn assign(target: ParamValue<'_>, v: f64) {
    match target {
        ParamValue::Real(x) => *x = v,
        // In range and whole, so it fits.
        ParamValue::Count(x) => *x = v as u32,
        ParamValue::Flag(x) => *x = v != 0.0,
    }
}

/// Sets `values[i]` at `paths[i]` for every `i` in one walk, instead of one walk per
/// parameter as [`set_param`]. `order` lists the indices of `paths` sorted by path, no path
/// twice. With `checked`, every value gets [`set_param`]'s checks and a path that names no
/// parameter is an error; without, the values must already have passed them (for the same
/// paths: the parameters' kinds and ranges do not depend on the scenario's values).
///
/// # Errors
/// With `checked`, the first value refused, or the first unknown path.
pub(crate) fn set_params(
    params: &mut dyn Params,
    paths: &[String],
    order: &[usize],
    values: &[f64],
    checked: bool,
) -> Result<(), SetError> {
    struct Setter<'a> {
        paths: &'a [String],
        order: &'a [usize],
        values: &'a [f64],
        checked: bool,
        found: usize,
        error: Option<SetError>,
    }
    impl ParamVisitor for Setter<'_> {
        fn visit(&mut self, path: &str, target: ParamValue<'_>, spec: &ParamSpec) {
            let Ok(at) = self
                .order
                .binary_search_by(|&i| self.paths[i].as_str().cmp(path))
            else {
                return;
            };
            let v = self.values[self.order[at]];
            self.found += 1;
            if self.checked
                && let Err(error) = check_value(path, v, spec)
            {
                self.error.get_or_insert(error);
                return;
            }
            assign(target, v);
        }
    }
    let mut setter = Setter {
        paths,
        order,
        values,
        checked,
        found: 0,
        error: None,
    };
    walk(params, &mut setter);
    if let Some(error) = setter.error {
        return Err(error);
    }
    if checked && setter.found < paths.len() {
        let known: Vec<String> = list_params(params).into_iter().map(|p| p.path).collect();
        if let Some(unknown) = paths.iter().find(|p| !known.contains(p)) {
            return Err(SetError::Unknown {
                path: unknown.clone(),
                closest: closest_paths(unknown, &known),
            });
        }
    }
    Ok(())
}

/// Up to three of `paths` closest to `path`, best first: those within a small edit distance,
/// then any whose last segment matches whatever its section, for "did you mean" messages.
pub fn closest_paths(path: &str, paths: &[String]) -> Vec<String> {
    let mut scored: Vec<(usize, &str)> = paths
        .iter()
        .map(|p| (edit_distance(path, p), p.as_str()))
        .filter(|(d, _)| *d <= (path.chars().count() / 8).max(2))
        .collect();
    let last = path.rsplit('.').next().unwrap_or(path);
    for p in paths {
        if p.rsplit('.').next() == Some(last) && !scored.iter().any(|(_, s)| *s == p) {
            scored.push((usize::MAX - 1, p.as_str()));
        }
    }
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, p)| p.to_owned())
        .collect()
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}
