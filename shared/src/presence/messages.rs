//! What a scan did, as an English sentence for API clients and the person holding the scanner
//! (programs read the status and reason).

use time::{Date, format_description::well_known::Rfc3339};

use super::{
    Attendance, ScanDirection, ScanRefusal, ScanStatus,
    apply::{Applied, Named, ScanInput, stored_code},
    clock, rules,
};
use crate::{cinema::productions::Project, codes};

/// The sentence for a scan that did `applied`, with its day as it stands now.
pub(crate) fn message(
    scan: &ScanInput,
    applied: &Applied,
    talent: Option<&Named>,
    day: Option<&Attendance>,
    project: &Project,
) -> String {
    let who = talent.map_or_else(|| "This talent".to_owned(), Named::full_name);
    let at = clock(scan.scanned_at);
    match (applied.status, scan.direction) {
        (ScanStatus::Recorded, ScanDirection::CheckIn) => format!("{who} checked in at {at}"),
        (ScanStatus::Recorded, ScanDirection::CheckOut) => format!("{who} checked out at {at}"),
        (ScanStatus::AlreadyRecorded, ScanDirection::CheckIn) => match day {
            Some(day) => format!(
                "{who} was already checked in at {}",
                clock(day.check_in_time)
            ),
            None => format!("{who} was already checked in"),
        },
        (ScanStatus::AlreadyRecorded, ScanDirection::CheckOut) => {
            match day.and_then(|d| d.check_out_time) {
                Some(out) => format!("{who} had already checked out at {}", clock(out)),
                None => format!("{who} had already checked out"),
            }
        }
        (ScanStatus::Duplicate, _) => match applied.first {
            Some((ScanStatus::Refused, Some(reason))) => format!(
                "This scan was received before and refused ({}): it changes nothing",
                reason.as_str()
            ),
            Some(_) => "This scan was received before and recorded: it changes nothing".into(),
            None => "This scan was received before: it changes nothing".into(),
        },
        (ScanStatus::Refused, _) => refusal(
            applied.reason.unwrap_or(ScanRefusal::InvalidCode),
            scan,
            &who,
            day,
            project,
        ),
    }
}

fn refusal(
    reason: ScanRefusal,
    scan: &ScanInput,
    who: &str,
    day: Option<&Attendance>,
    project: &Project,
) -> String {
    let code = codes::normalize(&scan.code).unwrap_or_else(|| stored_code(&scan.code));
    let scanned_at = scan
        .scanned_at
        .format(&Rfc3339)
        .unwrap_or_else(|_| scan.scanned_at.to_string());
    match reason {
        ScanRefusal::InvalidCode => {
            format!("“{code}” is not a badge's code nor a cinema code (8 letters and digits)")
        }
        ScanRefusal::NotOnProject => {
            format!("{code} is not a talent of this project: check the project or the badge")
        }
        ScanRefusal::NotCheckedIn => match day {
            Some(day) if day.check_in_time > scan.scanned_at => format!(
                "{who} checked in at {}, after this check-out at {}",
                clock(day.check_in_time),
                clock(scan.scanned_at)
            ),
            _ => format!("{who} has not checked in on {}: check in first", scan.date),
        },
        ScanRefusal::TooOld => format!(
            "Scanned at {scanned_at}, more than {} hours ago: too old to record (correct the sheet instead)",
            rules::MAX_AGE.whole_hours()
        ),
        ScanRefusal::InFuture => format!(
            "Scanned at {scanned_at}, more than {} minutes ahead of the server's clock: check the scanner's date and time",
            rules::MAX_FUTURE_SKEW.whole_minutes()
        ),
        ScanRefusal::OutsideProjectDates => format!(
            "{} is outside the project's dates ({} to {})",
            scan.date,
            day_or_open(project.start_date),
            day_or_open(project.end_date)
        ),
    }
}

fn day_or_open(date: Option<Date>) -> String {
    date.map_or_else(|| "…".to_owned(), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::presence::fixtures::{awa, project, scan_at};

    fn applied(status: ScanStatus, reason: Option<ScanRefusal>) -> Applied {
        Applied {
            status,
            reason,
            first: None,
        }
    }

    #[test]
    fn each_outcome_says_what_happened() {
        let at = datetime!(2026-12-02 08:05:30 UTC);
        let check_in = scan_at(ScanDirection::CheckIn, at);
        let recorded = applied(ScanStatus::Recorded, None);
        let said = |scan: &ScanInput, applied: Applied| {
            message(scan, &applied, Some(&awa()), None, &project())
        };
        assert_eq!(
            said(&check_in, recorded),
            "Awa Koné checked in at 08:05 UTC"
        );
        assert_eq!(
            said(
                &check_in,
                applied(ScanStatus::Refused, Some(ScanRefusal::OutsideProjectDates))
            ),
            "2026-12-02 is outside the project's dates (2026-12-01 to …)"
        );
        assert_eq!(
            said(
                &scan_at(ScanDirection::CheckOut, at),
                applied(ScanStatus::Refused, Some(ScanRefusal::NotCheckedIn))
            ),
            "Awa Koné has not checked in on 2026-12-02: check in first"
        );
        assert!(
            said(
                &check_in,
                applied(ScanStatus::Refused, Some(ScanRefusal::TooOld))
            )
            .contains("more than 72 hours ago")
        );
        assert!(
            said(
                &check_in,
                applied(ScanStatus::Refused, Some(ScanRefusal::InFuture))
            )
            .contains("more than 5 minutes ahead")
        );
        let not_on_project = message(
            &check_in,
            &applied(ScanStatus::Refused, Some(ScanRefusal::NotOnProject)),
            None,
            None,
            &project(),
        );
        assert_eq!(
            not_on_project,
            "K7M2QXP9 is not a talent of this project: check the project or the badge"
        );
        let duplicate = Applied {
            first: Some((ScanStatus::Refused, Some(ScanRefusal::TooOld))),
            ..applied(ScanStatus::Duplicate, None)
        };
        assert_eq!(
            said(&check_in, duplicate),
            "This scan was received before and refused (too_old): it changes nothing"
        );
    }

    #[test]
    fn a_refused_code_is_quoted_without_control_characters() {
        let mut scan = scan_at(ScanDirection::CheckIn, datetime!(2026-12-02 08:00 UTC));
        scan.code = format!("hello\u{0}\n{}", "x".repeat(100));
        let said = message(
            &scan,
            &applied(ScanStatus::Refused, Some(ScanRefusal::InvalidCode)),
            None,
            None,
            &project(),
        );
        assert!(said.starts_with("“hellox"), "{said}");
        assert!(!said.contains('\u{0}') && !said.contains('\n'), "{said}");
        assert_eq!(stored_code(&scan.code).chars().count(), 64);
    }
}
