//! For unit tests: a project, a talent and scans.

use time::{OffsetDateTime, macros::date, macros::datetime};

use super::{
    ScanDirection,
    apply::{Named, ScanInput},
};
use crate::cinema::productions::{ProductionType, Project, ProjectStatus};

/// A project that starts on 2026-12-01 and has no end date.
pub fn project() -> Project {
    Project {
        id: 1,
        name: "Le Maquis".into(),
        production_type: ProductionType::Series,
        production_company_id: 1,
        production_company_name: "Abidjan Films".into(),
        origin_country: None,
        shooting_locations: vec![],
        start_date: Some(date!(2026 - 12 - 01)),
        end_date: None,
        status: ProjectStatus::Shooting,
        allowed_transitions: ProjectStatus::Shooting.next().to_vec(),
        description: None,
        talent_count: 1,
        created_at: datetime!(2026-11-01 00:00 UTC),
    }
}

/// Awa Koné, cinema code K7M2QXP9.
pub fn awa() -> Named {
    Named {
        cinema_talent_code: "K7M2QXP9".into(),
        first_name: "Awa".into(),
        last_name: "Koné".into(),
    }
}

/// A scan of Awa's cinema code, typed as a person would, at `at` for its day.
pub fn scan_at(direction: ScanDirection, at: OffsetDateTime) -> ScanInput {
    ScanInput {
        scan_id: uuid::Uuid::nil(),
        code: "k7m2-qxp9".into(),
        direction,
        scanned_at: at,
        date: at.date(),
        offline: true,
    }
}
