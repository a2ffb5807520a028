//! The reference line of the generic 5% rule ("de generieke 5%-regeling") and Dutch number
//! formatting.
//!
//! Since 2011 the Rijk asked 5% of the contract value for social return when a contract for
//! works or services is worth at least € 250.000 (excl. btw) and runs at least six months.
//! A proeftuin replaces that rule; the wizard shows the amount only as a reference.

/// Minimum contract value (whole euros, excl. btw) for the generic rule.
pub const DREMPEL_WAARDE: u64 = 250_000;
/// Minimum term in months for the generic rule.
pub const DREMPEL_MAANDEN: u32 = 6;
/// The percentage of the generic rule.
pub const PERCENTAGE: u64 = 5;

/// 5% of the value, rounded to whole euros (half up), when value ≥ € 250.000 and term ≥ 6
/// months; otherwise `None` (also when either is unknown).
pub fn generieke_regeling(waarde: Option<u64>, maanden: Option<u32>) -> Option<u64> {
    let waarde = waarde?;
    let maanden = maanden?;
    if waarde < DREMPEL_WAARDE || maanden < DREMPEL_MAANDEN {
        return None;
    }
    let amount = (u128::from(waarde) * u128::from(PERCENTAGE) + 50) / 100;
    Some(u64::try_from(amount).unwrap_or(u64::MAX))
}

pub use crate::format::{euro as format_euro, number as format_number};

/// The reference sentence for the UI, e.g. "De generieke regeling zou gelden: 5% = € 12.500.",
/// or `None` when the rule would not apply.
pub fn referentie_zin(waarde: Option<u64>, maanden: Option<u32>) -> Option<String> {
    generieke_regeling(waarde, maanden).map(|bedrag| {
        format!(
            "De generieke regeling zou gelden: {PERCENTAGE}% = {}.",
            format_euro(bedrag)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_just_below_threshold_has_no_generic_rule() {
        assert_eq!(generieke_regeling(Some(249_999), Some(12)), None);
    }

    #[test]
    fn value_at_threshold_gives_five_percent() {
        assert_eq!(generieke_regeling(Some(250_000), Some(12)), Some(12_500));
    }

    #[test]
    fn five_months_is_too_short_and_six_is_enough() {
        assert_eq!(generieke_regeling(Some(1_000_000), Some(5)), None);
        assert_eq!(generieke_regeling(Some(1_000_000), Some(6)), Some(50_000));
    }

    #[test]
    fn unknown_value_or_term_gives_nothing() {
        assert_eq!(generieke_regeling(None, Some(12)), None);
        assert_eq!(generieke_regeling(Some(500_000), None), None);
    }

    #[test]
    fn five_percent_is_rounded_to_whole_euros() {
        // 5% of 250.010 = 12.500,50 → 12.501; of 250.009 = 12.500,45 → 12.500
        assert_eq!(generieke_regeling(Some(250_010), Some(6)), Some(12_501));
        assert_eq!(generieke_regeling(Some(250_009), Some(6)), Some(12_500));
        assert!(generieke_regeling(Some(u64::MAX), Some(6)).is_some());
    }

    #[test]
    fn euro_amounts_use_dutch_thousands_separators() {
        assert_eq!(format_euro(0), "€ 0");
        assert_eq!(format_euro(999), "€ 999");
        assert_eq!(format_euro(12_500), "€ 12.500");
        assert_eq!(format_euro(1_234_567), "€ 1.234.567");
        assert_eq!(format_number(100_000), "100.000");
    }

    #[test]
    fn reference_sentence_names_the_amount() {
        assert_eq!(
            referentie_zin(Some(250_000), Some(6)).as_deref(),
            Some("De generieke regeling zou gelden: 5% = € 12.500.")
        );
        assert_eq!(referentie_zin(Some(100), Some(6)), None);
    }
}
