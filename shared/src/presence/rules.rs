//! The rules a scan is judged by that need no database: how far from the server's clock it may
//! be, the project's dates, the order a batch is applied in, and what a check-out may do to the
//! day's times. (A check-in only ever moves the day's check-in earlier: one SQL upsert does it.)

use time::{Date, Duration, OffsetDateTime};

use super::{ScanDirection, ScanRefusal};

/// A scan older than this (by the scanner's clock) is refused `too_old`: the sheet is corrected
/// by hand instead.
pub const MAX_AGE: Duration = Duration::hours(72);

/// A scan further ahead of the server's clock than this is refused `in_future` (a scanner's
/// clock may drift a little, not more).
pub const MAX_FUTURE_SKEW: Duration = Duration::seconds(300);

/// `too_old` before `now − MAX_AGE`, `in_future` after `now + MAX_FUTURE_SKEW`; both bounds
/// themselves are accepted.
pub fn clock_refusal(scanned_at: OffsetDateTime, now: OffsetDateTime) -> Option<ScanRefusal> {
    if scanned_at < now - MAX_AGE {
        Some(ScanRefusal::TooOld)
    } else if scanned_at > now + MAX_FUTURE_SKEW {
        Some(ScanRefusal::InFuture)
    } else {
        None
    }
}

/// `outside_project_dates` for a day before the project's start or after its end (when set).
pub fn dates_refusal(date: Date, start: Option<Date>, end: Option<Date>) -> Option<ScanRefusal> {
    let before = start.is_some_and(|start| date < start);
    let after = end.is_some_and(|end| date > end);
    (before || after).then_some(ScanRefusal::OutsideProjectDates)
}

/// What a check-out at `at` does to a day whose times are `day` (check-in, check-out), if
/// there is one: `Ok(true)` when it sets or moves the check-out (the latest one counts),
/// `Ok(false)` when a later one is recorded already, `not_checked_in` without a check-in
/// or before it.
pub fn check_out(
    day: Option<(OffsetDateTime, Option<OffsetDateTime>)>,
    at: OffsetDateTime,
) -> Result<bool, ScanRefusal> {
    match day {
        None => Err(ScanRefusal::NotCheckedIn),
        Some((check_in, _)) if at < check_in => Err(ScanRefusal::NotCheckedIn),
        Some((_, Some(check_out))) if at <= check_out => Ok(false),
        Some(_) => Ok(true),
    }
}

/// The order a batch's scans are applied in, as indices into `scans`: by the time they were
/// scanned, whatever the order they came in; at the same instant a check-in goes before a
/// check-out, then the order they came in.
pub fn application_order(scans: &[(OffsetDateTime, ScanDirection)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scans.len()).collect();
    order.sort_by_key(|&i| {
        let (at, direction) = scans[i];
        (at, direction == ScanDirection::CheckOut, i)
    });
    order
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    const NOW: OffsetDateTime = datetime!(2026-12-02 12:00 UTC);

    #[test]
    fn scans_older_than_72_hours_or_over_5_minutes_ahead_are_refused() {
        assert_eq!(clock_refusal(NOW, NOW), None);
        assert_eq!(clock_refusal(NOW - Duration::hours(72), NOW), None);
        assert_eq!(
            clock_refusal(NOW - Duration::hours(72) - Duration::seconds(1), NOW),
            Some(ScanRefusal::TooOld)
        );
        assert_eq!(clock_refusal(NOW + Duration::seconds(300), NOW), None);
        assert_eq!(
            clock_refusal(NOW + Duration::seconds(301), NOW),
            Some(ScanRefusal::InFuture)
        );
        // Another offset is the same instant.
        assert_eq!(clock_refusal(datetime!(2026-12-02 13:04 +01:00), NOW), None);
    }

    #[test]
    fn only_days_within_the_projects_dates_are_accepted_when_they_are_set() {
        let (start, end) = (Some(date!(2026 - 12 - 01)), Some(date!(2026 - 12 - 20)));
        assert_eq!(dates_refusal(date!(2026 - 12 - 01), start, end), None);
        assert_eq!(dates_refusal(date!(2026 - 12 - 20), start, end), None);
        assert_eq!(
            dates_refusal(date!(2026 - 11 - 30), start, end),
            Some(ScanRefusal::OutsideProjectDates)
        );
        assert_eq!(
            dates_refusal(date!(2026 - 12 - 21), start, end),
            Some(ScanRefusal::OutsideProjectDates)
        );
        assert_eq!(dates_refusal(date!(2020 - 01 - 01), None, end), None);
        assert_eq!(dates_refusal(date!(2030 - 01 - 01), start, None), None);
        assert_eq!(dates_refusal(date!(2030 - 01 - 01), None, None), None);
    }

    #[test]
    fn the_latest_check_out_after_the_check_in_counts() {
        let check_in = datetime!(2026-12-02 08:00 UTC);
        let noon = datetime!(2026-12-02 12:00 UTC);
        assert_eq!(check_out(None, noon), Err(ScanRefusal::NotCheckedIn));
        assert_eq!(
            check_out(Some((check_in, None)), check_in - Duration::minutes(1)),
            Err(ScanRefusal::NotCheckedIn)
        );
        assert_eq!(check_out(Some((check_in, None)), check_in), Ok(true));
        assert_eq!(check_out(Some((check_in, None)), noon), Ok(true));
        assert_eq!(check_out(Some((check_in, Some(noon))), noon), Ok(false));
        assert_eq!(
            check_out(Some((check_in, Some(noon))), noon - Duration::hours(1)),
            Ok(false)
        );
        assert_eq!(
            check_out(Some((check_in, Some(noon))), noon + Duration::hours(6)),
            Ok(true)
        );
    }

    #[test]
    fn a_batch_is_applied_in_scan_time_order() {
        let at = |h: u8| datetime!(2026-12-02 00:00 UTC) + Duration::hours(h.into());
        let scans = [
            (at(18), ScanDirection::CheckOut),
            (at(8), ScanDirection::CheckIn),
            (at(12), ScanDirection::CheckOut),
            (at(12), ScanDirection::CheckIn),
            (at(7), ScanDirection::CheckIn),
            (at(8), ScanDirection::CheckIn),
        ];
        assert_eq!(application_order(&scans), [4, 1, 5, 3, 2, 0]);
        assert!(application_order(&[]).is_empty());
    }
}
