//! Values as people write them: `30k` and `1.5M` for amounts of money, `2.5%` for shares and
//! probabilities. Which forms a parameter takes follows from its declared unit.

use super::ParamKind;

/// How a parameter's value may be written, from its kind and declared unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenForm {
    /// An amount of money (unit `currency` or `currency/...`): a number, or with a `k`
    /// (thousand) or `M` (million) suffix.
    Money,
    /// A share or probability (unit `share` or `probability`): a number from 0 to 1, or a
    /// percentage.
    Share,
    /// A whole number.
    Count,
    /// A yes/no switch.
    Flag,
    /// Any other real number: written as a plain number.
    Plain,
}

impl WrittenForm {
    /// The form of a parameter of `kind` measured in `unit`.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::params::{ParamKind, WrittenForm};
    /// assert_eq!(WrittenForm::of(ParamKind::Real, "currency/month"), WrittenForm::Money);
    /// assert_eq!(WrittenForm::of(ParamKind::Real, "probability"), WrittenForm::Share);
    /// assert_eq!(WrittenForm::of(ParamKind::Count, "months"), WrittenForm::Count);
    /// ```
    pub fn of(kind: ParamKind, unit: &str) -> WrittenForm {
        match kind {
            ParamKind::Count => WrittenForm::Count,
            ParamKind::Flag => WrittenForm::Flag,
            ParamKind::Real if unit == "currency" || unit.starts_with("currency/") => {
                WrittenForm::Money
            }
            ParamKind::Real if unit == "share" || unit == "probability" => WrittenForm::Share,
            ParamKind::Real => WrittenForm::Plain,
        }
    }

    /// How to write a value of this form, for hints.
    pub fn how_to_write(self) -> &'static str {
        match self {
            WrittenForm::Money => "write a number such as 30000, or \"30k\" or \"1.5M\"",
            WrittenForm::Share => "write a number from 0 to 1 such as 0.025, or \"2.5%\"",
            WrittenForm::Count => "write a whole number such as 12",
            WrittenForm::Flag => "write true or false",
            WrittenForm::Plain => "write a plain number such as 1.5",
        }
    }
}

/// Reads `text` as a value of a parameter of `kind` measured in `unit`: a plain number, or
/// where the unit takes it `30k`/`1.5M` (money) or `2.5%` (shares and probabilities);
/// switches take true/false, yes/no or 1/0. Ranges are not checked here.
///
/// Suffixes move the decimal point in the text (`2.5%` is read as `2.5e-2`), so a value
/// written with a suffix is bit-identical to the same value written out.
///
/// # Errors
/// A message saying what the text is and how to write this parameter's values, e.g.
/// ``"`2.5%` is a percentage, but this parameter is an amount of money: write a number such
/// as 30000, or \"30k\" or \"1.5M\""``.
///
/// # Examples
/// ```
/// use lpo_sim_core::params::{ParamKind, read_written_value};
/// assert_eq!(read_written_value("30k", ParamKind::Real, "currency"), Ok(30_000.0));
/// assert_eq!(read_written_value("2.5%", ParamKind::Real, "share"), Ok(0.025));
/// assert!(read_written_value("2.5%", ParamKind::Count, "months").is_err());
/// ```
pub fn read_written_value(text: &str, kind: ParamKind, unit: &str) -> Result<f64, String> {
    let form = WrittenForm::of(kind, unit);
    let trimmed = text.trim();
    if form == WrittenForm::Flag {
        return match trimmed {
            "true" | "yes" | "1" => Ok(1.0),
            "false" | "no" | "0" => Ok(0.0),
            _ => Err(format!(
                "`{text}` is not a yes/no value: {}",
                form.how_to_write()
            )),
        };
    }
    let Some((value, suffix)) = read_number(trimmed) else {
        return Err(format!("`{text}` is not a number: {}", form.how_to_write()));
    };
    let fits = match suffix {
        Suffix::None => true,
        Suffix::Thousand | Suffix::Million => form == WrittenForm::Money,
        Suffix::Percent => form == WrittenForm::Share,
    };
    if !fits {
        let what = match suffix {
            Suffix::Percent => "a percentage",
            _ => "an amount with a k/M suffix",
        };
        let takes = match form {
            WrittenForm::Money => "an amount of money",
            WrittenForm::Share => "a share (0 to 1)",
            WrittenForm::Count => "a whole number",
            WrittenForm::Plain | WrittenForm::Flag => "a plain number",
        };
        return Err(format!(
            "`{text}` is {what}, but this parameter ({unit}) is {takes}: {}",
            form.how_to_write()
        ));
    }
    if form == WrittenForm::Count && value.fract() != 0.0 {
        return Err(format!(
            "`{text}` is not a whole number: {}",
            form.how_to_write()
        ));
    }
    Ok(value)
}

/// A number written with or without a suffix, whatever the parameter: `30k`, `1.5M`, `2.5%`,
/// `0.02`. `None` for anything else (including NaN and infinity).
///
/// # Examples
/// ```
/// use lpo_sim_core::params::read_any_written_number;
/// assert_eq!(read_any_written_number("1.5M"), Some(1_500_000.0));
/// assert_eq!(read_any_written_number("lots"), None);
/// ```
pub fn read_any_written_number(text: &str) -> Option<f64> {
    read_number(text.trim()).map(|(value, _)| value)
}

#[derive(Clone, Copy, PartialEq)]
enum Suffix {
    None,
    Thousand,
    Million,
    Percent,
}

fn read_number(text: &str) -> Option<(f64, Suffix)> {
    let (digits, suffix, exponent) = if let Some(d) = text.strip_suffix('%') {
        (d, Suffix::Percent, "e-2")
    } else if let Some(d) = text.strip_suffix(['k', 'K']) {
        (d, Suffix::Thousand, "e3")
    } else if let Some(d) = text.strip_suffix('M') {
        (d, Suffix::Million, "e6")
    } else {
        (text, Suffix::None, "")
    };
    let digits = digits.trim_end();
    // Only digits, a sign and a decimal point before a suffix: `1e3k` is not an amount.
    let plain = !digits.is_empty()
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'));
    if suffix != Suffix::None && !plain {
        return None;
    }
    let value: f64 = format!("{digits}{exponent}").parse().ok()?;
    value.is_finite().then_some((value, suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_give_the_same_bits_as_the_value_written_out() {
        let money = |t| read_written_value(t, ParamKind::Real, "currency/month");
        assert_eq!(money("30k"), Ok(30_000.0));
        assert_eq!(money("1.5M"), Ok(1_500_000.0));
        assert_eq!(money("2.5 K"), Ok(2_500.0));
        assert_eq!(money("750"), Ok(750.0));
        let share = |t| read_written_value(t, ParamKind::Real, "probability");
        assert_eq!(share("0.1%"), Ok(0.001));
        assert_eq!(share("2.5%"), Ok(0.025));
        assert_eq!(share("0.3"), Ok(0.3));
    }

    #[test]
    fn a_suffix_the_unit_does_not_take_is_refused_with_the_form_it_takes() {
        let e = read_written_value("2.5%", ParamKind::Real, "currency").unwrap_err();
        assert!(e.contains("percentage") && e.contains("\"30k\""), "{e}");
        let e = read_written_value("30k", ParamKind::Real, "share").unwrap_err();
        assert!(e.contains("\"2.5%\""), "{e}");
        let e = read_written_value("30k", ParamKind::Count, "months").unwrap_err();
        assert!(e.contains("whole number"), "{e}");
        let e = read_written_value("2.5", ParamKind::Count, "months").unwrap_err();
        assert!(e.contains("whole number"), "{e}");
        let e = read_written_value("3%", ParamKind::Real, "hours").unwrap_err();
        assert!(e.contains("plain number"), "{e}");
    }

    #[test]
    fn words_nan_infinity_and_doubled_suffixes_are_not_numbers() {
        for bad in [
            "", "k", "lots", "NaN", "inf", "1e3k", "30kk", "%", "1.5m", "30 000",
        ] {
            assert_eq!(read_any_written_number(bad), None, "{bad}");
            let e = read_written_value(bad, ParamKind::Real, "currency").unwrap_err();
            assert!(e.contains("not a number"), "{bad}: {e}");
        }
    }

    #[test]
    fn switches_take_words_and_digits() {
        let flag = |t| read_written_value(t, ParamKind::Flag, "true/false");
        assert_eq!(flag("yes"), Ok(1.0));
        assert_eq!(flag("0"), Ok(0.0));
        assert!(flag("maybe").unwrap_err().contains("true or false"));
    }
}
