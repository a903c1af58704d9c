//! What a failed request means and how long to wait before the next one.
//!
//! Throttling and outages back off exponentially with full jitter (a random wait
//! between 0 and the exponential ceiling, so many wallboards that failed together
//! do not retry together), never sooner than the server's `Retry-After`.
//! Configuration problems (401/403/404) are not storms to ride out: they retry
//! slowly until someone fixes the configuration.

use crate::http_date::parse_http_date;

/// Why a request did not produce data.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// 429, 503 or another 5xx, with the server's `Retry-After` in ms if it sent one.
    Server { status: u16, retry_after_ms: Option<f64> },
    /// 401, 403 or 404: the proxy, credentials or an id in the configuration is wrong.
    Config { status: u16 },
    /// Any other 4xx: the request itself was refused.
    Refused { status: u16 },
    /// No response: offline, DNS, CORS, connection reset.
    Network,
    /// No response within the configured timeout (the request was aborted).
    Timeout,
    /// A 200 whose body was not usable data.
    BadBody,
}

impl Failure {
    /// Classifies a non-success HTTP status; `retry_after` is the raw header.
    pub fn from_status(status: u16, retry_after: Option<&str>, server_now_ms: f64) -> Failure {
        match status {
            401 | 403 | 404 => Failure::Config { status },
            408 | 429 | 500..=599 => Failure::Server {
                status,
                retry_after_ms: retry_after.and_then(|v| parse_retry_after(v, server_now_ms)),
            },
            _ => Failure::Refused { status },
        }
    }

    /// Whether this is the configuration's fault rather than a passing condition.
    pub fn is_config(&self) -> bool {
        matches!(self, Failure::Config { .. })
    }
}

/// Parses `Retry-After`: delay-seconds, or an HTTP date measured against the
/// server's own `now` (its `Date` header), so a skewed PC clock does not matter.
pub fn parse_retry_after(value: &str, server_now_ms: f64) -> Option<f64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds.min(86_400) as f64 * 1000.0);
    }
    let at = parse_http_date(value)?;
    Some((at - server_now_ms).clamp(0.0, 86_400_000.0))
}

/// Tunables of the retry policy, in ms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BackoffPolicy {
    /// Ceiling of the first retry's jitter window.
    pub base_ms: f64,
    /// Largest ceiling, however many failures in a row.
    pub cap_ms: f64,
    /// The shortest wait, so full jitter never means an instant retry storm.
    pub floor_ms: f64,
    /// The wait after a configuration error.
    pub config_retry_ms: f64,
}

impl Default for BackoffPolicy {
    fn default() -> Self {
        BackoffPolicy {
            base_ms: 2_000.0,
            cap_ms: 60_000.0,
            floor_ms: 500.0,
            config_retry_ms: 60_000.0,
        }
    }
}

impl BackoffPolicy {
    /// The wait before retrying after `failures` failures in a row (1 for the first),
    /// the last being `failure`; `unit` is a uniform random number in `[0, 1)`.
    pub fn delay_ms(&self, failures: u32, failure: &Failure, unit: f64) -> f64 {
        if failure.is_config() {
            // A little jitter still, so a fleet with a bad config does not beat in step.
            return self.config_retry_ms * (1.0 + 0.1 * unit);
        }
        let exponent = failures.saturating_sub(1).min(16);
        let ceiling = (self.base_ms * f64::from(1u32 << exponent)).min(self.cap_ms);
        let jittered = (ceiling * unit).max(self.floor_ms);
        match failure {
            Failure::Server {
                retry_after_ms: Some(after),
                ..
            } => jittered.max(*after),
            _ => jittered,
        }
    }
}

/// A small deterministic random source (SplitMix64): seeded from the browser, fixed
/// in tests.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from any seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A uniform number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_795_938_522_000.0; // Sun, 29 Nov 2026 07:48:42 GMT

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(parse_retry_after("5", NOW), Some(5_000.0));
        assert_eq!(parse_retry_after(" 120 ", NOW), Some(120_000.0));
        assert_eq!(parse_retry_after("Sun, 29 Nov 2026 07:48:52 GMT", NOW), Some(10_000.0));
        assert_eq!(parse_retry_after("Sun, 29 Nov 2026 07:00:00 GMT", NOW), Some(0.0));
        assert_eq!(parse_retry_after("soon", NOW), None);
        assert_eq!(parse_retry_after("-3", NOW), None);
    }

    #[test]
    fn statuses_are_classified() {
        assert_eq!(Failure::from_status(401, None, NOW), Failure::Config { status: 401 });
        assert_eq!(
            Failure::from_status(404, Some("5"), NOW),
            Failure::Config { status: 404 }
        );
        assert_eq!(
            Failure::from_status(429, Some("5"), NOW),
            Failure::Server {
                status: 429,
                retry_after_ms: Some(5_000.0)
            }
        );
        assert_eq!(
            Failure::from_status(502, None, NOW),
            Failure::Server {
                status: 502,
                retry_after_ms: None
            }
        );
        assert_eq!(Failure::from_status(400, None, NOW), Failure::Refused { status: 400 });
    }

    #[test]
    fn backoff_grows_exponentially_within_full_jitter() {
        let p = BackoffPolicy::default();
        let f = Failure::Network;
        assert_eq!(p.delay_ms(1, &f, 0.999_999).round(), 2_000.0);
        assert_eq!(p.delay_ms(2, &f, 0.999_999).round(), 4_000.0);
        assert_eq!(p.delay_ms(4, &f, 0.5), 8_000.0);
        assert_eq!(p.delay_ms(30, &f, 0.999_999).round(), 60_000.0);
        // Full jitter may pick anything down to the floor.
        assert_eq!(p.delay_ms(3, &f, 0.0), 500.0);
    }

    #[test]
    fn retry_after_is_a_lower_bound() {
        let p = BackoffPolicy::default();
        let f = Failure::Server {
            status: 429,
            retry_after_ms: Some(30_000.0),
        };
        assert_eq!(p.delay_ms(1, &f, 0.5), 30_000.0);
        let f = Failure::Server {
            status: 503,
            retry_after_ms: Some(100.0),
        };
        assert_eq!(p.delay_ms(1, &f, 0.5), 1_000.0);
    }

    #[test]
    fn configuration_errors_retry_slowly() {
        let p = BackoffPolicy::default();
        let d = p.delay_ms(1, &Failure::Config { status: 403 }, 0.5);
        assert!((60_000.0..=66_000.0).contains(&d), "{d}");
    }

    #[test]
    fn random_units_stay_in_range() {
        let mut rng = Rng::new(7);
        for _ in 0..10_000 {
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }
}
