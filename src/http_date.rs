//! HTTP dates (`Date`, `Retry-After`): the server's clock, against which the clock
//! measures skew and the backoff honours a retry time.

use chrono::DateTime;

/// Parses an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`) to Unix ms.
pub fn parse_http_date(value: &str) -> Option<f64> {
    DateTime::parse_from_rfc2822(value.trim())
        .ok()
        .map(|t| t.timestamp_millis() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_parse_and_junk_does_not() {
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:01 GMT"), Some(1000.0));
        assert_eq!(parse_http_date("yesterday"), None);
    }
}
