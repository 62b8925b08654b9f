//! Who may do what: one row per operation of the OpenAPI document, the one table the role
//! matrix (`mod.rs`) calls every operation against, as anonymous, a plain user, a presence
//! user, a recruiter and an admin, and as the owner and a non-owner of the path's record.
//!
//! An operation of the document without a row here fails the test, and so does a row for an
//! operation the document no longer has: a new route needs its row before the build passes.
//!
//! Reading a row: `may` is who gets past the role check (admins pass every role check);
//! anonymous callers get 401 unless `may` is `Anyone`; a signed-in caller the row leaves out
//! gets 403 (`Forbidden`) or, where the record itself is hidden from them, 404 (`Hidden`).
//! `record` says whose record the path's id is: with `Own`, the owner gets past and any other
//! caller who passed the role check gets 404; `OwnOr` adds roles that reach anyone's record.

use taalentio::accounts::Role::{self, Admin, Presence, Recruiter};

pub enum May {
    /// Anyone, signed in or not.
    Anyone,
    /// Every signed-in person.
    SignedIn,
    /// These roles (and admins); other signed-in people get the `Denied` status.
    Roles(&'static [Role], Denied),
}

pub enum Denied {
    /// 403 `role_required`.
    Forbidden,
    /// 404: the record is not shown to them at all.
    Hidden,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// `/auth/tokens/{id}`: a personal API token.
    ApiToken,
    /// `/me/uploads/{id}`: one's own upload.
    Upload,
    /// `/watchlist/names/{id}`: a watched name.
    WatchedName,
    /// `/cinema/searches/{id}`, `/watchlist/searches/{id}`: a saved casting search.
    SavedSearch,
    /// `/users/{id}`: an account and its profile.
    Account,
}

pub enum Record {
    /// The path's record belongs to nobody in particular.
    Shared,
    /// The record is its owner's; the owner holds the row's first role (a plain user for
    /// `SignedIn`).
    Own(Kind),
    /// As `Own`, and these roles reach anyone's.
    OwnOr(Kind, &'static [Role]),
}

pub struct Rule {
    pub method: &'static str,
    pub path: &'static str,
    pub may: May,
    pub record: Record,
}

use Denied::{Forbidden, Hidden};
use May::{Anyone, Roles, SignedIn};
use Record::{Own, OwnOr, Shared};

const fn rule(method: &'static str, path: &'static str, may: May, record: Record) -> Rule {
    Rule {
        method,
        path,
        may,
        record,
    }
}

const STAFF: &[Role] = &[Recruiter];
const ON_SET: &[Role] = &[Presence];
const ADMINS: &[Role] = &[Admin];

#[rustfmt::skip]
pub const TABLE: &[Rule] = &[
    // meta
    rule("GET",    "/api/v1/health",                                              Anyone,                    Shared),
    rule("GET",    "/api/v1/openapi.json",                                        Anyone,                    Shared),
    // auth: accounts and sessions
    rule("POST",   "/api/v1/auth/register",                                       Anyone,                    Shared),
    rule("POST",   "/api/v1/auth/confirm",                                        Anyone,                    Shared),
    rule("POST",   "/api/v1/auth/confirm/resend",                                 Anyone,                    Shared),
    rule("POST",   "/api/v1/auth/login",                                          Anyone,                    Shared),
    rule("POST",   "/api/v1/auth/logout",                                         SignedIn,                  Shared),
    rule("GET",    "/api/v1/auth/me",                                             SignedIn,                  Shared),
    rule("POST",   "/api/v1/auth/password/forgot",                                Anyone,                    Shared),
    rule("POST",   "/api/v1/auth/password/reset",                                 Anyone,                    Shared),
    rule("POST",   "/api/v1/auth/password/check",                                 Anyone,                    Shared),
    rule("POST",   "/api/v1/auth/password/change",                                SignedIn,                  Shared),
    rule("GET",    "/api/v1/auth/tokens",                                         SignedIn,                  Shared),
    rule("POST",   "/api/v1/auth/tokens",                                         SignedIn,                  Shared),
    rule("DELETE", "/api/v1/auth/tokens/{id}",                                    SignedIn,                  Own(Kind::ApiToken)),
    rule("POST",   "/api/v1/auth/invitations",                                    Roles(ADMINS, Forbidden),  Shared),
    rule("GET",    "/api/v1/auth/consents/versions",                              Anyone,                    Shared),
    rule("GET",    "/api/v1/auth/consents",                                       SignedIn,                  Shared),
    rule("POST",   "/api/v1/auth/consents",                                       SignedIn,                  Shared),
    rule("DELETE", "/api/v1/auth/consents/{kind}",                                SignedIn,                  Shared),
    rule("POST",   "/api/v1/auth/unsubscribe",                                    Anyone,                    Shared),
    rule("POST",   "/api/v1/auth/unsubscribe/one-click",                          Anyone,                    Shared),
    // me: one's own profile
    rule("GET",    "/api/v1/me",                                                  SignedIn,                  Shared),
    rule("PATCH",  "/api/v1/me",                                                  SignedIn,                  Shared),
    rule("DELETE", "/api/v1/me",                                                  SignedIn,                  Shared),
    rule("PUT",    "/api/v1/me/talents",                                          SignedIn,                  Shared),
    rule("GET",    "/api/v1/me/export",                                           SignedIn,                  Shared),
    rule("POST",   "/api/v1/me/uploads",                                          SignedIn,                  Shared),
    rule("GET",    "/api/v1/me/uploads/{id}",                                     SignedIn,                  Own(Kind::Upload)),
    rule("POST",   "/api/v1/me/uploads/{id}/complete",                            SignedIn,                  Own(Kind::Upload)),
    rule("GET",    "/api/v1/me/qr",                                               SignedIn,                  Shared),
    rule("GET",    "/api/v1/me/mail-preferences",                                 SignedIn,                  Shared),
    rule("PUT",    "/api/v1/me/mail-preferences",                                 SignedIn,                  Shared),
    rule("GET",    "/api/v1/me/projects",                                         SignedIn,                  Shared),
    rule("GET",    "/api/v1/me/cv-analysis",                                      SignedIn,                  Shared),
    rule("PUT",    "/api/v1/me/cv-analysis/talents/{talent_id}",                  SignedIn,                  Shared),
    rule("PUT",    "/api/v1/me/cv-analysis/languages/{code}",                     SignedIn,                  Shared),
    rule("PUT",    "/api/v1/me/cv-analysis/experience",                           SignedIn,                  Shared),
    // users: the directory and public profiles
    rule("GET",    "/api/v1/users",                                               Roles(STAFF, Forbidden),   Shared),
    rule("GET",    "/api/v1/users/{id}",                                          SignedIn,                  OwnOr(Kind::Account, STAFF)),
    rule("PUT",    "/api/v1/users/{id}",                                          Roles(ADMINS, Hidden),     Shared),
    rule("DELETE", "/api/v1/users/{id}",                                          Roles(ADMINS, Hidden),     Shared),
    rule("GET",    "/api/v1/profiles/{code}",                                     Anyone,                    Shared),
    rule("GET",    "/api/v1/profiles/{code}/photo",                               Anyone,                    Shared),
    // catalogue
    rule("GET",    "/api/v1/talents",                                             Anyone,                    Shared),
    rule("POST",   "/api/v1/talents",                                             Roles(ADMINS, Forbidden),  Shared),
    rule("GET",    "/api/v1/talents/categories",                                  Anyone,                    Shared),
    rule("GET",    "/api/v1/talents/{id}",                                        Anyone,                    Shared),
    rule("PATCH",  "/api/v1/talents/{id}",                                        Roles(ADMINS, Forbidden),  Shared),
    rule("GET",    "/api/v1/talents/{id}/users",                                  Roles(STAFF, Forbidden),   Shared),
    rule("GET",    "/api/v1/countries",                                           Anyone,                    Shared),
    rule("GET",    "/api/v1/countries/{code}",                                    Anyone,                    Shared),
    // cinema: the casting base (staff); a single record is hidden from others
    rule("GET",    "/api/v1/cinema/vocabulary",                                   SignedIn,                  Shared),
    rule("GET",    "/api/v1/cinema/talents",                                      Roles(STAFF, Forbidden),   Shared),
    rule("POST",   "/api/v1/cinema/talents",                                      Roles(STAFF, Forbidden),   Shared),
    rule("GET",    "/api/v1/cinema/talents/{id}",                                 Roles(STAFF, Hidden),      Shared),
    rule("PATCH",  "/api/v1/cinema/talents/{id}",                                 Roles(STAFF, Hidden),      Shared),
    rule("DELETE", "/api/v1/cinema/talents/{id}",                                 Roles(STAFF, Hidden),      Shared),
    rule("DELETE", "/api/v1/cinema/talents/{id}/consents/{kind}",                 Roles(STAFF, Hidden),      Shared),
    rule("GET",    "/api/v1/cinema/talents/{id}/photo",                           Roles(&[Recruiter, Presence], Hidden), Shared),
    rule("POST",   "/api/v1/cinema/talents/{id}/uploads",                         Roles(STAFF, Hidden),      Shared),
    rule("POST",   "/api/v1/cinema/talents/{id}/uploads/{upload}/complete",       Roles(STAFF, Hidden),      Shared),
    rule("GET",    "/api/v1/cinema/productions",                                  Roles(STAFF, Forbidden),   Shared),
    rule("POST",   "/api/v1/cinema/productions",                                  Roles(STAFF, Forbidden),   Shared),
    rule("GET",    "/api/v1/cinema/productions/{id}",                             Roles(STAFF, Hidden),      Shared),
    rule("PATCH",  "/api/v1/cinema/productions/{id}",                             Roles(STAFF, Hidden),      Shared),
    rule("GET",    "/api/v1/cinema/productions/{id}/films",                       Roles(STAFF, Hidden),      Shared),
    rule("POST",   "/api/v1/cinema/productions/{id}/films",                       Roles(STAFF, Hidden),      Shared),
    rule("DELETE", "/api/v1/cinema/productions/{id}/films/{imdb_id}",             Roles(STAFF, Hidden),      Shared),
    rule("GET",    "/api/v1/cinema/projects",                                     Roles(STAFF, Forbidden),   Shared),
    rule("POST",   "/api/v1/cinema/projects",                                     Roles(STAFF, Forbidden),   Shared),
    rule("GET",    "/api/v1/cinema/projects/{id}",                                Roles(STAFF, Hidden),      Shared),
    rule("PATCH",  "/api/v1/cinema/projects/{id}",                                Roles(STAFF, Hidden),      Shared),
    rule("GET",    "/api/v1/cinema/projects/{id}/badges.pdf",                     Roles(STAFF, Hidden),      Shared),
    rule("GET",    "/api/v1/cinema/projects/{id}/talents",                        Roles(STAFF, Hidden),      Shared),
    rule("POST",   "/api/v1/cinema/projects/{id}/talents",                        Roles(STAFF, Hidden),      Shared),
    rule("GET",    "/api/v1/cinema/projects/{id}/talents/{assignment}",           Roles(STAFF, Hidden),      Shared),
    rule("PATCH",  "/api/v1/cinema/projects/{id}/talents/{assignment}",           Roles(STAFF, Hidden),      Shared),
    rule("DELETE", "/api/v1/cinema/projects/{id}/talents/{assignment}",           Roles(STAFF, Hidden),      Shared),
    rule("GET",    "/api/v1/cinema/projects/{id}/talents/{assignment}/badge.pdf", Roles(STAFF, Hidden),      Shared),
    rule("GET",    "/api/v1/cinema/searches",                                     Roles(STAFF, Forbidden),   Shared),
    rule("POST",   "/api/v1/cinema/searches",                                     Roles(STAFF, Forbidden),   Shared),
    rule("DELETE", "/api/v1/cinema/searches/{id}",                                Roles(STAFF, Hidden),      Own(Kind::SavedSearch)),
    rule("GET",    "/api/v1/cinema/searches/{id}/results",                        Roles(STAFF, Hidden),      Own(Kind::SavedSearch)),
    // presence: attendance on set
    rule("GET",    "/api/v1/presence/projects",                                   Roles(ON_SET, Forbidden),  Shared),
    rule("POST",   "/api/v1/presence/projects/{id}/check-in",                     Roles(ON_SET, Forbidden),  Shared),
    rule("POST",   "/api/v1/presence/projects/{id}/check-out",                    Roles(ON_SET, Forbidden),  Shared),
    rule("POST",   "/api/v1/presence/projects/{id}/scans",                        Roles(ON_SET, Forbidden),  Shared),
    rule("GET",    "/api/v1/presence/projects/{id}/roster",                       Roles(ON_SET, Forbidden),  Shared),
    rule("GET",    "/api/v1/presence/projects/{id}/sheet",                        Roles(ON_SET, Forbidden),  Shared),
    rule("PATCH",  "/api/v1/presence/attendances/{id}",                           Roles(ON_SET, Forbidden),  Shared),
    rule("GET",    "/api/v1/presence/attendances/{id}/corrections",               Roles(ON_SET, Forbidden),  Shared),
    rule("GET",    "/api/v1/presence/talents/{code}/history",                     Roles(ON_SET, Forbidden),  Shared),
    // exports (staff)
    rule("GET",    "/api/v1/exports/users/{format}",                              Roles(STAFF, Forbidden),   Shared),
    rule("GET",    "/api/v1/exports/cinema/{format}",                             Roles(STAFF, Forbidden),   Shared),
    rule("GET",    "/api/v1/exports/projects/{id}/attendance/{format}",           Roles(STAFF, Forbidden),   Shared),
    // stats (staff)
    rule("GET",    "/api/v1/stats/overview",                                      Roles(STAFF, Forbidden),   Shared),
    rule("GET",    "/api/v1/stats/users",                                         Roles(STAFF, Forbidden),   Shared),
    rule("GET",    "/api/v1/stats/cinema",                                        Roles(STAFF, Forbidden),   Shared),
    // watchlist (staff, each their own)
    rule("GET",    "/api/v1/watchlist/names",                                     Roles(STAFF, Forbidden),   Shared),
    rule("POST",   "/api/v1/watchlist/names",                                     Roles(STAFF, Forbidden),   Shared),
    rule("GET",    "/api/v1/watchlist/names/{id}",                                Roles(STAFF, Forbidden),   Own(Kind::WatchedName)),
    rule("PUT",    "/api/v1/watchlist/names/{id}",                                Roles(STAFF, Forbidden),   Own(Kind::WatchedName)),
    rule("DELETE", "/api/v1/watchlist/names/{id}",                                Roles(STAFF, Forbidden),   Own(Kind::WatchedName)),
    rule("GET",    "/api/v1/watchlist/searches",                                  Roles(STAFF, Forbidden),   Shared),
    rule("PUT",    "/api/v1/watchlist/searches/{id}",                             Roles(STAFF, Forbidden),   Own(Kind::SavedSearch)),
    rule("DELETE", "/api/v1/watchlist/searches/{id}",                             Roles(STAFF, Forbidden),   Own(Kind::SavedSearch)),
    // ai (staff; `features.ai` on)
    rule("GET",    "/api/v1/ai/films",                                            Roles(STAFF, Forbidden),   Shared),
    rule("POST",   "/api/v1/ai/match",                                            Roles(STAFF, Forbidden),   Shared),
    rule("POST",   "/api/v1/ai/match/mail",                                       Roles(STAFF, Forbidden),   Shared),
    // admin
    rule("GET",    "/api/v1/admin/settings",                                      Roles(ADMINS, Forbidden),  Shared),
    rule("PUT",    "/api/v1/admin/settings/{key}",                                Roles(ADMINS, Forbidden),  Shared),
    rule("PUT",    "/api/v1/admin/users/{id}/role",                               Roles(ADMINS, Forbidden),  Shared),
    rule("PUT",    "/api/v1/admin/users/{id}/active",                             Roles(ADMINS, Forbidden),  Shared),
    rule("GET",    "/api/v1/admin/logs/activity",                                 Roles(ADMINS, Forbidden),  Shared),
    rule("GET",    "/api/v1/admin/logs/security",                                 Roles(ADMINS, Forbidden),  Shared),
    rule("GET",    "/api/v1/admin/logs/email",                                    Roles(ADMINS, Forbidden),  Shared),
];
