//! Number and text formatting for the report: HTML escaping, thousands separators,
//! percentages and compact axis labels. Non-finite numbers print as a dash.

/// Shown for a number that does not exist (NaN or infinite: an empty series).
pub const MISSING: &str = "–";

/// A file as a report names it: its file name only, never the directories it was read from
/// (a report travels, e.g. into a client's deck, and an absolute path tells them about the
/// machine, not the study). Keeps what follows the file (` with x=1`), and names without a
/// directory (`<embedded default>`) as they are.
pub fn shown_file(origin: &str) -> String {
    let (file, rest) = match origin.find(" with ") {
        Some(i) => origin.split_at(i),
        None => (origin, ""),
    };
    let name = std::path::Path::new(file)
        .file_name()
        .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
    format!("{name}{rest}")
}

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `value` with `decimals` decimals and a comma between thousands: `-1,234,567.89`.
/// A value that rounds to zero has no minus sign.
pub fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return MISSING.to_owned();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let is_zero = text.bytes().all(|b| b == b'0' || b == b'.');
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 1);
    if value < 0.0 && !is_zero {
        out.push('-');
    }
    let digits = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac_part {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A money amount: whole units with thousands separators.
pub fn money(value: f64) -> String {
    fixed(value, 0)
}

/// A money amount followed by its currency: `12,345 EUR`.
pub fn money_with(value: f64, currency: &str) -> String {
    if value.is_finite() {
        format!("{}\u{a0}{currency}", money(value))
    } else {
        MISSING.to_owned()
    }
}

/// A share (0..1) as a percentage: one decimal, two below 1 % (but not for exactly 0).
pub fn percent(share: f64) -> String {
    if !share.is_finite() {
        return MISSING.to_owned();
    }
    let p = share * 100.0;
    let decimals = if p != 0.0 && p.abs() < 1.0 { 2 } else { 1 };
    format!("{}\u{a0}%", fixed(p, decimals))
}

/// A percentage range `a–b %` from two shares.
pub fn percent_range(range: [f64; 2]) -> String {
    if !(range[0].is_finite() && range[1].is_finite()) {
        return MISSING.to_owned();
    }
    let lo = percent(range[0]);
    let hi = percent(range[1]);
    // "2.1 %–4.3 %" reads worse than "2.1–4.3 %".
    let lo = lo.trim_end_matches('%').trim_end_matches('\u{a0}');
    format!("{lo}–{hi}")
}

/// `value` over its thousand, million or billion and that suffix, the next one taken from
/// `step` times the power on (`1.0`, or just under it so a value that rounds up moves on).
fn scaled(value: f64, step: f64) -> (f64, &'static str) {
    let a = value.abs();
    if a >= step * 1e9 {
        (value / 1e9, "G")
    } else if a >= step * 1e6 {
        (value / 1e6, "M")
    } else if a >= step * 1e3 {
        (value / 1e3, "k")
    } else {
        (value, "")
    }
}

/// A compact axis label: `-50k`, `1.25M`, `750`, `0.5`.
pub fn compact(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let (scaled, suffix) = scaled(value, 1.0);
    format!("{}{suffix}", trim_number(scaled, 3))
}

/// A value in at most three significant digits and a suffix, for a narrow space: `101k`,
/// `12.3k`, `1.55M`, `-50k`, `750`. (`compact` keeps three decimals: `101.223k`.)
pub fn short(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    // Just under each power, so 999.7 reads `1k`, not `1000`.
    let (scaled, suffix) = scaled(value, 0.9995);
    let digits = if scaled.abs() >= 1.0 {
        scaled.abs().log10().floor() as usize + 1
    } else {
        1
    };
    format!(
        "{}{suffix}",
        trim_number(scaled, 3_usize.saturating_sub(digits))
    )
}

/// `value` with at most `decimals` decimals, trailing zeros removed.
pub fn trim_number(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    if text == "-0" { "0".to_owned() } else { text }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reports_name_files_without_their_directories() {
        use super::shown_file;
        assert_eq!(shown_file("/home/ana/deals/acme.toml"), "acme.toml");
        assert_eq!(
            shown_file("../s/acme.toml with horizon_months=24"),
            "acme.toml with horizon_months=24"
        );
        assert_eq!(shown_file("<embedded default>"), "<embedded default>");
        assert_eq!(shown_file("e.json"), "e.json");
    }

    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_html(r#"<b>&"x"'y'"#),
            "&lt;b&gt;&amp;&quot;x&quot;&#39;y&#39;"
        );
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(fixed(0.0, 0), "0");
        assert_eq!(fixed(999.4, 0), "999");
        assert_eq!(fixed(1000.0, 0), "1,000");
        assert_eq!(fixed(-1234567.891, 2), "-1,234,567.89");
        assert_eq!(fixed(123456.0, 0), "123,456");
        assert_eq!(fixed(-0.004, 2), "0.00");
        assert_eq!(fixed(f64::NAN, 2), MISSING);
        assert_eq!(fixed(f64::INFINITY, 0), MISSING);
        assert_eq!(money(-30000.4), "-30,000");
    }

    #[test]
    fn formats_percentages_and_axis_labels() {
        assert_eq!(percent(0.234), "23.4\u{a0}%");
        assert_eq!(percent(0.0012), "0.12\u{a0}%");
        assert_eq!(percent(0.0), "0.0\u{a0}%");
        assert_eq!(percent_range([0.21, 0.259]), "21.0–25.9\u{a0}%");
        assert_eq!(compact(-50_000.0), "-50k");
        assert_eq!(compact(1_250_000.0), "1.25M");
        assert_eq!(compact(750.0), "750");
        assert_eq!(compact(0.5), "0.5");
        assert_eq!(compact(-0.0), "0");
        assert_eq!(compact(f64::NAN), "");
    }
}
