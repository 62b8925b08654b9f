//! Lists: `?page=1&per_page=20` (at most 100) in, `{items, page, per_page, total}` out.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{Error, FieldError, FieldIssue};

pub const MAX_PER_PAGE: u32 = 100;
pub const DEFAULT_PER_PAGE: u32 = 20;

#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1-based page number.
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
}

/// A validated page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl PageQuery {
    pub fn validate(self) -> Result<PageRequest, Error> {
        let mut errors = Vec::new();
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        // The document says int32: a page beyond it is refused rather than read.
        if let Some(issue) = FieldIssue::range(page.into(), 1, i32::MAX.into()) {
            errors.push(FieldError::new("query.page", issue));
        }
        if let Some(issue) = FieldIssue::range(per_page.into(), 1, MAX_PER_PAGE.into()) {
            errors.push(FieldError::new("query.per_page", issue));
        }
        if errors.is_empty() {
            Ok(PageRequest { page, per_page })
        } else {
            Err(Error::Validation(errors))
        }
    }
}

impl PageRequest {
    /// SQL `LIMIT`.
    pub fn limit(&self) -> i64 {
        i64::from(self.per_page)
    }
    /// SQL `OFFSET`.
    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, request: PageRequest, total: i64) -> Self {
        Self {
            items,
            page: request.page,
            per_page: request.per_page,
            total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_offsets() {
        let request = PageQuery {
            page: None,
            per_page: None,
        }
        .validate()
        .unwrap();
        assert_eq!(
            (request.page, request.per_page, request.offset()),
            (1, 20, 0)
        );
        let request = PageQuery {
            page: Some(3),
            per_page: Some(100),
        }
        .validate()
        .unwrap();
        assert_eq!((request.limit(), request.offset()), (100, 200));
    }

    #[test]
    fn out_of_range_values_are_named() {
        let Err(Error::Validation(errors)) = (PageQuery {
            page: Some(0),
            per_page: Some(101),
        })
        .validate() else {
            panic!()
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["query.page", "query.per_page"]);
    }
}
