//! Dutch numbers and dates, one definition each, for every screen and the
//! printable plan: thousands with a dot, decimals with a comma, dates with the
//! month written out.

use chrono::{Datelike, NaiveDate, Timelike};

/// A whole number with Dutch thousands separators: `12500` → `"12.500"`.
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// An amount in euros: `12500` → `"€ 12.500"`.
pub fn euro(amount: u64) -> String {
    format!("€ {}", number(amount))
}

/// Tenths of `x`, rounded half away from zero (so 3.25 gives 33, as people
/// expect; `{:.1}` would give 3.2).
fn tenths(x: f64) -> i64 {
    (x * 10.0).round() as i64
}

/// A score or mean with one decimal and a decimal comma: `3.5` → `"3,5"`,
/// `3.25` → `"3,3"`, `4.0` → `"4,0"`.
pub fn one_decimal(x: f64) -> String {
    let t = tenths(x);
    let sign = if t < 0 { "-" } else { "" };
    let t = t.abs();
    format!("{sign}{},{}", t / 10, t % 10)
}

/// The same without a trailing ",0": `4.0` → `"4"`, `3.25` → `"3,3"`.
pub fn decimal(x: f64) -> String {
    let text = one_decimal(x);
    match text.strip_suffix(",0") {
        Some(whole) => whole.to_string(),
        None => text,
    }
}

/// A measured value with at most two decimals, Dutch style: `1250.5` → `"1.250,5"`,
/// `-3.0` → `"-3"`, `0.25` → `"0,25"`. Written with integers (see [`svg_number`]).
pub fn waarde(x: f64) -> String {
    let h = (x * 100.0).round() as i64;
    let sign = if h < 0 { "-" } else { "" };
    let h = h.unsigned_abs();
    let whole = number(h / 100);
    match h % 100 {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole},{}", f / 10),
        f => format!("{sign}{whole},{f:02}"),
    }
}

const MAANDEN: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// A date with its month written out: `"1 maart 2026"`.
pub fn date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MAANDEN[d.month0() as usize], d.year())
}

/// A coordinate for an SVG drawing, to a tenth with a decimal point and no
/// trailing ".0": `12.25` → `"12.3"`, `60.0` → `"60"`. Written with integers, so a
/// page that draws does not need the (large) code that formats floats.
pub fn svg_number(x: f64) -> String {
    let t = tenths(x);
    let sign = if t < 0 { "-" } else { "" };
    let t = t.abs();
    match t % 10 {
        0 => format!("{sign}{}", t / 10),
        d => format!("{sign}{}.{d}", t / 10),
    }
}

/// A date in figures, day first: `"01-03-2026"`.
pub fn short_date(d: NaiveDate) -> String {
    format!("{:02}-{:02}-{:04}", d.day(), d.month(), d.year())
}

/// A time of day: `"14:05"`.
pub fn clock(t: &impl Timelike) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A date and time in figures: `"01-03-2026 14:05"`.
pub fn date_time<T: Datelike + Timelike>(t: &T) -> String {
    format!(
        "{:02}-{:02}-{:04} {}",
        t.day(),
        t.month(),
        t.year(),
        clock(t)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_have_at_most_two_decimals_dutch_style() {
        assert_eq!(super::waarde(1250.5), "1.250,5");
        assert_eq!(super::waarde(-3.0), "-3");
        assert_eq!(super::waarde(0.25), "0,25");
        assert_eq!(super::waarde(0.05), "0,05");
        assert_eq!(super::waarde(12.0), "12");
        assert_eq!(super::waarde(-0.004), "0");
    }

    use super::*;

    #[test]
    fn numbers_get_a_dot_per_thousand() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1000), "1.000");
        assert_eq!(number(12_500), "12.500");
        assert_eq!(number(1_234_567), "1.234.567");
        assert_eq!(euro(250_000), "€ 250.000");
    }

    #[test]
    fn decimals_round_half_away_from_zero_with_a_comma() {
        // Means of four whole scores often end in ,25 or ,75: every screen shows them alike.
        for (x, one, short) in [
            (3.25, "3,3", "3,3"),
            (1.25, "1,3", "1,3"),
            (3.75, "3,8", "3,8"),
            (3.5, "3,5", "3,5"),
            (4.0, "4,0", "4"),
            (-0.25, "-0,3", "-0,3"),
        ] {
            assert_eq!(one_decimal(x), one, "{x}");
            assert_eq!(decimal(x), short, "{x}");
        }
    }

    #[test]
    fn dates_and_times_in_figures_read_as_chrono_would_write_them() {
        use chrono::NaiveDateTime;
        for text in [
            "2026-03-01T14:05:09",
            "2025-12-31T00:00:00",
            "0999-01-09T09:59:59",
        ] {
            let t: NaiveDateTime = text.parse().unwrap();
            assert_eq!(short_date(t.date()), t.format("%d-%m-%Y").to_string());
            assert_eq!(clock(&t), t.format("%H:%M").to_string());
            assert_eq!(date_time(&t), t.format("%d-%m-%Y %H:%M").to_string());
        }
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(short_date(d), "01-03-2026");
        // What a date field shows and reads back: ISO, as chrono writes and parses it.
        assert_eq!(d.to_string(), "2026-03-01");
        assert_eq!("2026-03-01".parse::<NaiveDate>(), Ok(d));
        assert!("01-03-2026".parse::<NaiveDate>().is_err());
    }

    #[test]
    fn svg_numbers_have_a_point_and_at_most_one_decimal() {
        for (x, text) in [
            (60.0, "60"),
            (12.25, "12.3"),
            (0.04, "0"),
            (-6.5, "-6.5"),
            (-0.25, "-0.3"),
            (394.0, "394"),
        ] {
            assert_eq!(svg_number(x), text, "{x}");
        }
    }

    #[test]
    fn dates_have_the_month_written_out() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(date(d(2026, 3, 1)), "1 maart 2026");
        assert_eq!(date(d(2025, 12, 31)), "31 december 2025");
    }
}
