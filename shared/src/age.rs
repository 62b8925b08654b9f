//! Ages in whole years, and the platform's age rule, which registration and profile edits
//! both apply.

use time::Date;

/// Accounts are for adults. (Younger talents are registered by a parent or guardian, who holds
/// the account.)
pub const MINIMUM_AGE: i32 = 18;

/// Age in whole years on `today`.
pub fn age_on(date_of_birth: Date, today: Date) -> i32 {
    let mut age = today.year() - date_of_birth.year();
    if (today.month() as u8, today.day()) < (date_of_birth.month() as u8, date_of_birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_birthday_counts_from_the_day_itself() {
        assert_eq!(age_on(date!(2008 - 12 - 04), date!(2026 - 12 - 03)), 17);
        assert_eq!(age_on(date!(2008 - 12 - 04), date!(2026 - 12 - 04)), 18);
        // Born on 29 February: a year older on 1 March of a common year.
        assert_eq!(age_on(date!(2008 - 02 - 29), date!(2026 - 02 - 28)), 17);
        assert_eq!(age_on(date!(2008 - 02 - 29), date!(2026 - 03 - 01)), 18);
    }
}
