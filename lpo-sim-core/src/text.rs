//! Numbers as people read them, shared by the library's words ([`crate::mc::Verdict`]) and
//! the command line's tables.

/// Whole units with thousands separators: `-12,345`. Not finite: as Rust prints it (`NaN`,
/// `inf`).
///
/// # Examples
/// ```
/// use lpo_sim_core::text::whole_with_separators;
/// assert_eq!(whole_with_separators(1234567.4), "1,234,567");
/// assert_eq!(whole_with_separators(-0.2), "0");
/// ```
pub fn whole_with_separators(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    // `as` saturates, so even absurd amounts cannot panic here.
    let whole = value.round() as i64;
    let digits = whole.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if whole < 0 {
        grouped.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}
