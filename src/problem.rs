//! A failed poll in words a supervisor (or whoever set the wallboard up) can act on.

use crate::backoff::Failure;

/// The sentence shown for `failure`; `server_message` is the error body's message,
/// `subject` names what was asked for (`team "sales_team"`).
pub fn describe(failure: &Failure, server_message: Option<&str>, subject: &str) -> String {
    let detail = server_message.map(|m| format!(": {}", m.trim())).unwrap_or_default();
    match failure {
        Failure::Config { status: 401 } => {
            format!("not signed in to the Reporting API (401){detail}; check the proxy's credentials")
        }
        Failure::Config { status: 403 } => {
            format!("access to {subject} was refused (403){detail}; check the API key and scope")
        }
        Failure::Config { status } => {
            format!("{subject} was not found ({status}){detail}; check its id in the configuration")
        }
        Failure::Server {
            status: 429,
            retry_after_ms,
        } => format!("throttled by the server (429){}", retry(*retry_after_ms)),
        Failure::Server { status: 408, .. } => format!("the server timed out (408){detail}"),
        Failure::Server {
            status: 503,
            retry_after_ms,
        } => format!("the service is unavailable (503){detail}{}", retry(*retry_after_ms)),
        Failure::Server { status, retry_after_ms } => {
            format!("server error ({status}){detail}{}", retry(*retry_after_ms))
        }
        Failure::Refused { status } => format!("the request for {subject} was refused ({status}){detail}"),
        Failure::Network => "cannot reach the proxy (network error)".to_owned(),
        Failure::Timeout => "no answer from the proxy in time (timed out)".to_owned(),
        Failure::BadBody => format!("unusable data for {subject}{detail}"),
    }
}

/// Why a body was left unread: its size in MB.
pub fn too_large(bytes: u32) -> String {
    format!("the response is too large ({:.1} MB)", f64::from(bytes) / 1_048_576.0)
}

fn retry(after_ms: Option<f64>) -> String {
    after_ms
        .map(|ms| format!(", asked to wait {} s", (ms / 1000.0).ceil()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configuration_problems_say_what_to_check() {
        let t = describe(&Failure::Config { status: 404 }, Some("No team"), "team \"x\"");
        assert_eq!(
            t,
            "team \"x\" was not found (404): No team; check its id in the configuration"
        );
        assert!(describe(&Failure::Config { status: 401 }, None, "t").contains("credentials"));
    }

    #[test]
    fn throttling_says_how_long() {
        let t = describe(
            &Failure::Server {
                status: 429,
                retry_after_ms: Some(5_000.0),
            },
            Some("Too many"),
            "t",
        );
        assert_eq!(t, "throttled by the server (429), asked to wait 5 s");
        let t = describe(
            &Failure::Server {
                status: 502,
                retry_after_ms: None,
            },
            Some("Bad Gateway"),
            "t",
        );
        assert_eq!(t, "server error (502): Bad Gateway");
    }

    #[test]
    fn no_response_is_described() {
        assert!(describe(&Failure::Timeout, None, "t").contains("timed out"));
        assert!(describe(&Failure::Network, None, "t").contains("network"));
        assert!(describe(&Failure::BadBody, Some("the response was cut off"), "t").contains("cut off"));
        assert_eq!(
            describe(&Failure::BadBody, Some(&too_large(10_485_760)), "team \"a\""),
            "unusable data for team \"a\": the response is too large (10.0 MB)"
        );
    }
}
