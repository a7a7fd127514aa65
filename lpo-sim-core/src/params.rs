//! Walking every numeric parameter by its dotted path: one declaration of each parameter's
//! range and unit serves validation, listing and setting by path.

/// The valid range and unit of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamSpec {
    /// Smallest allowed value (inclusive).
    pub min: f64,
    /// Largest allowed value (inclusive).
    pub max: f64,
    /// Unit, for people (e.g. `USD/month`, `probability`).
    pub unit: &'static str,
}

/// A mutable reference to one parameter's value.
#[derive(Debug)]
#[non_exhaustive]
pub enum ParamValue<'a> {
    /// A real number.
    Real(&'a mut f64),
    /// A whole number.
    Count(&'a mut u32),
    /// A yes/no switch (range is ignored).
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

/// Receives each parameter with its full dotted path.
pub trait ParamVisitor {
    /// Called once per parameter, in a fixed order.
    fn visit(&mut self, path: &str, value: ParamValue<'_>, spec: ParamSpec);
}

/// Something whose parameters can be walked.
pub trait Params {
    /// Calls `walker` for each parameter, using sections for nested structs.
    fn walk(&mut self, walker: &mut ParamWalker<'_>);
}

/// Builds dotted paths while a [`Params`] value is walked.
pub struct ParamWalker<'v> {
    path: String,
    visitor: &'v mut dyn ParamVisitor,
}

impl<'v> ParamWalker<'v> {
    /// A walker rooted at `prefix` (may be empty).
    pub fn new(prefix: &str, visitor: &'v mut dyn ParamVisitor) -> Self {
        ParamWalker {
            path: prefix.to_owned(),
            visitor,
        }
    }

    fn push(&mut self, name: &str) -> usize {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        len
    }

    /// Walks a nested section `name`.
    pub fn section(&mut self, name: &str, params: &mut dyn Params) {
        let len = self.push(name);
        params.walk(self);
        self.path.truncate(len);
    }

    /// A real parameter in `[min, max]`.
    pub fn real(&mut self, name: &str, value: &mut f64, min: f64, max: f64, unit: &'static str) {
        let len = self.push(name);
        self.visitor.visit(
            &self.path,
            ParamValue::Real(value),
            ParamSpec { min, max, unit },
        );
        self.path.truncate(len);
    }

    /// A whole-number parameter in `[min, max]`.
    pub fn count(&mut self, name: &str, value: &mut u32, min: u32, max: u32, unit: &'static str) {
        let len = self.push(name);
        let spec = ParamSpec {
            min: f64::from(min),
            max: f64::from(max),
            unit,
        };
        self.visitor
            .visit(&self.path, ParamValue::Count(value), spec);
        self.path.truncate(len);
    }

    /// A yes/no parameter.
    pub fn flag(&mut self, name: &str, value: &mut bool) {
        let len = self.push(name);
        let spec = ParamSpec {
            min: 0.0,
            max: 1.0,
            unit: "true/false",
        };
        self.visitor
            .visit(&self.path, ParamValue::Flag(value), spec);
        self.path.truncate(len);
    }

    /// A probability in `[0, 1]`.
    pub fn probability(&mut self, name: &str, value: &mut f64) {
        self.real(name, value, 0.0, 1.0, "probability");
    }

    /// A share or level in `[0, 1]`.
    pub fn share(&mut self, name: &str, value: &mut f64) {
        self.real(name, value, 0.0, 1.0, "share");
    }

    /// An amount of money in `[0, max]`.
    pub fn money(&mut self, name: &str, value: &mut f64, max: f64, unit: &'static str) {
        self.real(name, value, 0.0, max, unit);
    }

    /// A value for each service line, each in `[min, max]`.
    pub fn per_line(
        &mut self,
        name: &str,
        values: &mut crate::PerLine<f64>,
        min: f64,
        max: f64,
        unit: &'static str,
    ) {
        let len = self.push(name);
        for line in crate::ServiceLine::ALL {
            self.real(line.name(), &mut values[line], min, max, unit);
        }
        self.path.truncate(len);
    }
}

/// One row of a parameter listing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ParamInfo {
    /// Dotted path, e.g. `workforce.attrition.base_monthly`.
    pub path: String,
    /// Current value (flags as 0 or 1).
    pub value: f64,
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
}

/// Lists every parameter of `params` with its value and range.
pub fn list_params(params: &mut dyn Params, prefix: &str) -> Vec<ParamInfo> {
    struct Lister(Vec<ParamInfo>);
    impl ParamVisitor for Lister {
        fn visit(&mut self, path: &str, value: ParamValue<'_>, spec: ParamSpec) {
            self.0.push(ParamInfo {
                path: path.to_owned(),
                value: value.get(),
                integer: matches!(value, ParamValue::Count(_)),
                flag: matches!(value, ParamValue::Flag(_)),
                min: spec.min,
                max: spec.max,
                unit: spec.unit,
            });
        }
    }
    let mut lister = Lister(Vec::new());
    params.walk(&mut ParamWalker::new(prefix, &mut lister));
    lister.0
}

/// A parameter outside its range, or not a finite number.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeViolation {
    /// Dotted path.
    pub path: String,
    /// The offending value.
    pub value: f64,
    /// The allowed range.
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
pub fn range_violations(params: &mut dyn Params, prefix: &str) -> Vec<RangeViolation> {
    struct Checker(Vec<RangeViolation>);
    impl ParamVisitor for Checker {
        fn visit(&mut self, path: &str, value: ParamValue<'_>, spec: ParamSpec) {
            let v = value.get();
            if !v.is_finite() || v < spec.min || v > spec.max {
                self.0.push(RangeViolation {
                    path: path.to_owned(),
                    value: v,
                    spec,
                });
            }
        }
    }
    let mut checker = Checker(Vec::new());
    params.walk(&mut ParamWalker::new(prefix, &mut checker));
    checker.0
}

/// Sets the parameter at `path` to `value`. Returns the previous value, or `None` when no
/// parameter has that path. The caller validates afterwards.
pub fn set_param(params: &mut dyn Params, path: &str, value: f64) -> Option<f64> {
    struct Setter<'a> {
        path: &'a str,
        value: f64,
        previous: Option<f64>,
    }
    impl ParamVisitor for Setter<'_> {
        fn visit(&mut self, path: &str, target: ParamValue<'_>, _spec: ParamSpec) {
            if path != self.path {
                return;
            }
            self.previous = Some(target.get());
            match target {
                ParamValue::Real(v) => *v = self.value,
                // Out-of-range or fractional counts are caught by the range check: store a
                // value that fails it rather than silently rounding.
                ParamValue::Count(v) => {
                    *v = if self.value.fract() == 0.0 && self.value >= 0.0 {
                        self.value.min(f64::from(u32::MAX)) as u32
                    } else {
                        u32::MAX
                    }
                }
                ParamValue::Flag(v) => *v = self.value != 0.0,
            }
        }
    }
    let mut setter = Setter {
        path,
        value,
        previous: None,
    };
    params.walk(&mut ParamWalker::new("", &mut setter));
    setter.previous
}
