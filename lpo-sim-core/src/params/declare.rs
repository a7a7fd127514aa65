//! One declaration per parameter: [`declare_params!`] turns a struct whose every field carries
//! its default, range, unit, doc line and source into the struct itself (with serde), its
//! declared defaults, and its [`Params`] walk. Validation, listing, setting by path, the
//! commented default TOML and the MODEL.md parameter tables all come from that walk.

use super::{ParamKind, ParamSpec, ParamValue, ParamWalker, Params, TextSpec};
use crate::line::{PerLine, ServiceLine};

/// How one field is declared: its default and what the walk reports of it.
pub trait Declaration<T> {
    /// The declared default; `line` is the service line when the field sits in a per-line
    /// section (line-specific defaults need it).
    fn default_value(&self, line: Option<ServiceLine>) -> T;
    /// Reports the field (or walks into it) under `name`.
    fn walk(&self, w: &mut ParamWalker<'_>, name: &str, doc: &'static str, value: &mut T);
}

/// A struct whose fields were declared with the crate-internal `declare_params!` macro.
pub trait Declared: Params + Sized {
    /// Every field at its declared default (`line`: see [`Declaration::default_value`]).
    fn declared_default(line: Option<ServiceLine>) -> Self;
}

/// A real number in `[min, max]`.
pub struct Real {
    default: f64,
    min: f64,
    max: f64,
    unit: &'static str,
    source: &'static str,
}

/// A real parameter: default, allowed range, unit and source.
pub const fn real(
    default: f64,
    min: f64,
    max: f64,
    unit: &'static str,
    source: &'static str,
) -> Real {
    Real {
        default,
        min,
        max,
        unit,
        source,
    }
}

impl Declaration<f64> for Real {
    fn default_value(&self, _: Option<ServiceLine>) -> f64 {
        self.default
    }
    fn walk(&self, w: &mut ParamWalker<'_>, name: &str, doc: &'static str, value: &mut f64) {
        let spec = ParamSpec {
            kind: ParamKind::Real,
            min: self.min,
            max: self.max,
            unit: self.unit,
            default: self.default,
            doc,
            source: self.source,
        };
        w.leaf(name, ParamValue::Real(value), &spec);
    }
}

/// A whole number in `[min, max]`.
pub struct Count {
    default: u32,
    min: u32,
    max: u32,
    unit: &'static str,
    source: &'static str,
}

/// A whole-number parameter: default, allowed range, unit and source.
pub const fn count(
    default: u32,
    min: u32,
    max: u32,
    unit: &'static str,
    source: &'static str,
) -> Count {
    Count {
        default,
        min,
        max,
        unit,
        source,
    }
}

impl Declaration<u32> for Count {
    fn default_value(&self, _: Option<ServiceLine>) -> u32 {
        self.default
    }
    fn walk(&self, w: &mut ParamWalker<'_>, name: &str, doc: &'static str, value: &mut u32) {
        let spec = ParamSpec {
            kind: ParamKind::Count,
            min: f64::from(self.min),
            max: f64::from(self.max),
            unit: self.unit,
            default: f64::from(self.default),
            doc,
            source: self.source,
        };
        w.leaf(name, ParamValue::Count(value), &spec);
    }
}

/// A yes/no switch.
pub struct Flag {
    default: bool,
    source: &'static str,
}

/// A yes/no parameter: default and source.
pub const fn flag(default: bool, source: &'static str) -> Flag {
    Flag { default, source }
}

impl Declaration<bool> for Flag {
    fn default_value(&self, _: Option<ServiceLine>) -> bool {
        self.default
    }
    fn walk(&self, w: &mut ParamWalker<'_>, name: &str, doc: &'static str, value: &mut bool) {
        let spec = ParamSpec {
            kind: ParamKind::Flag,
            min: 0.0,
            max: 1.0,
            unit: "true/false",
            default: f64::from(u8::from(self.default)),
            doc,
            source: self.source,
        };
        w.leaf(name, ParamValue::Flag(value), &spec);
    }
}

/// A real number per service line, each in `[min, max]`, with one default per line.
pub struct ByLine {
    defaults: [f64; ServiceLine::COUNT],
    min: f64,
    max: f64,
    unit: &'static str,
    sources: LineText,
}

/// The source of a line-specific parameter: one text for every line, or one per line.
#[derive(Clone, Copy)]
pub enum LineText {
    /// The same text for every line.
    All(&'static str),
    /// A text per line, in [`ServiceLine::ALL`] order.
    Each([&'static str; ServiceLine::COUNT]),
}

impl LineText {
    fn get(&self, line: ServiceLine) -> &'static str {
        match self {
            LineText::All(text) => text,
            LineText::Each(texts) => texts[line.index()],
        }
    }
}

impl From<&'static str> for LineText {
    fn from(text: &'static str) -> Self {
        LineText::All(text)
    }
}

impl From<[&'static str; ServiceLine::COUNT]> for LineText {
    fn from(texts: [&'static str; ServiceLine::COUNT]) -> Self {
        LineText::Each(texts)
    }
}

/// A real parameter of a per-line section whose default differs by line.
pub fn by_line(
    defaults: [f64; ServiceLine::COUNT],
    min: f64,
    max: f64,
    unit: &'static str,
    sources: impl Into<LineText>,
) -> ByLine {
    ByLine {
        defaults,
        min,
        max,
        unit,
        sources: sources.into(),
    }
}

impl ByLine {
    fn line(line: Option<ServiceLine>) -> ServiceLine {
        line.expect("a by_line parameter is declared inside a per-line section")
    }
}

impl Declaration<f64> for ByLine {
    fn default_value(&self, line: Option<ServiceLine>) -> f64 {
        self.defaults[Self::line(line).index()]
    }
    fn walk(&self, w: &mut ParamWalker<'_>, name: &str, doc: &'static str, value: &mut f64) {
        let line = Self::line(w.line());
        let spec = ParamSpec {
            kind: ParamKind::Real,
            min: self.min,
            max: self.max,
            unit: self.unit,
            default: self.defaults[line.index()],
            doc,
            source: self.sources.get(line),
        };
        w.leaf(name, ParamValue::Real(value), &spec);
    }
}

/// One real value per line (a `PerLine<f64>` field), walked as `name.<line>`.
impl Declaration<PerLine<f64>> for ByLine {
    fn default_value(&self, _: Option<ServiceLine>) -> PerLine<f64> {
        PerLine::from_fn(|line| self.defaults[line.index()])
    }
    fn walk(
        &self,
        w: &mut ParamWalker<'_>,
        name: &str,
        doc: &'static str,
        value: &mut PerLine<f64>,
    ) {
        w.enter(name, doc);
        for line in ServiceLine::ALL {
            let spec = ParamSpec {
                kind: ParamKind::Real,
                min: self.min,
                max: self.max,
                unit: self.unit,
                default: self.defaults[line.index()],
                doc,
                source: self.sources.get(line),
            };
            w.leaf(line.name(), ParamValue::Real(&mut value[line]), &spec);
        }
        w.leave();
    }
}

/// A nested section: a struct declared with [`declare_params!`].
pub struct Section;

/// A nested section.
pub const fn section() -> Section {
    Section
}

impl<T: Declared> Declaration<T> for Section {
    fn default_value(&self, line: Option<ServiceLine>) -> T {
        T::declared_default(line)
    }
    fn walk(&self, w: &mut ParamWalker<'_>, name: &str, doc: &'static str, value: &mut T) {
        w.enter(name, doc);
        value.walk(w);
        w.leave();
    }
}

/// A section per service line (`PerLine<T>`), walked as `name.<line>.<field>`; line-specific
/// defaults inside it come from [`by_line`].
pub struct LineSections;

/// A section per service line.
pub const fn line_sections() -> LineSections {
    LineSections
}

impl<T: Declared + Copy> Declaration<PerLine<T>> for LineSections {
    fn default_value(&self, _: Option<ServiceLine>) -> PerLine<T> {
        PerLine::from_fn(|line| T::declared_default(Some(line)))
    }
    fn walk(&self, w: &mut ParamWalker<'_>, name: &str, doc: &'static str, value: &mut PerLine<T>) {
        w.enter(name, doc);
        for line in ServiceLine::ALL {
            w.enter_line(line);
            value[line].walk(w);
            w.leave_line();
        }
        w.leave();
    }
}

/// A value that is not a number (a label or a name from a fixed list).
pub trait TextValue: Clone {
    /// The value as written in a scenario file.
    fn text(&self) -> String;
}

impl TextValue for String {
    fn text(&self) -> String {
        self.clone()
    }
}

impl TextValue for ServiceLine {
    fn text(&self) -> String {
        self.name().to_owned()
    }
}

/// A non-numeric field: a default, the values allowed (for people), and a source. Not
/// validated by range: the type (an enum or a checked string) does that.
pub struct Text<T> {
    default: fn() -> T,
    values: &'static str,
    source: &'static str,
}

/// A non-numeric field.
pub const fn text<T>(default: fn() -> T, values: &'static str, source: &'static str) -> Text<T> {
    Text {
        default,
        values,
        source,
    }
}

impl<T: TextValue> Declaration<T> for Text<T> {
    fn default_value(&self, _: Option<ServiceLine>) -> T {
        (self.default)()
    }
    fn walk(&self, w: &mut ParamWalker<'_>, name: &str, doc: &'static str, value: &mut T) {
        let spec = TextSpec {
            default: (self.default)().text(),
            values: self.values,
            doc,
            source: self.source,
        };
        w.text(name, &value.text(), &spec);
    }
}

/// Declares a parameter struct once: every field with its type and its declaration
/// ([`real`], [`count`], [`flag`], [`by_line`], [`text`], [`section`], [`line_sections`]).
/// Generates the struct (serde, unknown fields refused), [`Declared`] and [`Params`]. A field
/// may carry one `#[serde(...)]` attribute after its doc lines: a parameter added after files
/// were written takes `default` and `skip_serializing_if` at its default, so that those files
/// still read and a scenario that leaves it at its default serialises (and fingerprints) as
/// before it existed.
///
/// ```ignore
/// declare_params! {
///     /// Attrition.
///     #[derive(Copy)]
///     pub struct AttritionParams {
///         /// Monthly quit hazard of a new hire at market pay.
///         base_monthly: f64 = real(0.035, 0.0, 1.0, "probability", "Workforce dynamics: ..."),
///     }
/// }
/// ```
macro_rules! declare_params {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                $(#[serde($($serde:tt)*)])?
                $field:ident : $ty:ty = $decl:expr
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                $(#[serde($($serde)*)])?
                pub $field: $ty,
            )*
        }

        impl $crate::params::Declared for $name {
            fn declared_default(line: Option<$crate::ServiceLine>) -> Self {
                #[allow(unused_imports)]
                use $crate::params::declare::*;
                $name {
                    $( $field: Declaration::<$ty>::default_value(&$decl, line), )*
                }
            }
        }

        impl $crate::params::Params for $name {
            fn walk(&mut self, w: &mut $crate::params::ParamWalker<'_>) {
                #[allow(unused_imports)]
                use $crate::params::declare::*;
                $(
                    Declaration::<$ty>::walk(
                        &$decl,
                        w,
                        stringify!($field),
                        concat!($($doc, "\n"),*),
                        &mut self.$field,
                    );
                )*
            }
        }
    };
}
pub(crate) use declare_params;
