//! The kinds of fault the proxy can inject, by the names tests use.

use std::fmt;
use std::str::FromStr;

/// One way a response can go wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaultKind {
    Unauthorized,
    Forbidden,
    NotFound,
    RequestTimeout,
    TooManyRequests,
    InternalError,
    BadGatewayHtml,
    Unavailable,
    Delay,
    Hang,
    Reset,
    Truncated,
    Malformed,
    WrongTypes,
    UnknownEnums,
    HtmlNames,
    Huge,
}

impl FaultKind {
    /// Every kind, in the order the control endpoint lists their counters.
    pub const ALL: [FaultKind; 17] = [
        FaultKind::Unauthorized,
        FaultKind::Forbidden,
        FaultKind::NotFound,
        FaultKind::RequestTimeout,
        FaultKind::TooManyRequests,
        FaultKind::InternalError,
        FaultKind::BadGatewayHtml,
        FaultKind::Unavailable,
        FaultKind::Delay,
        FaultKind::Hang,
        FaultKind::Reset,
        FaultKind::Truncated,
        FaultKind::Malformed,
        FaultKind::WrongTypes,
        FaultKind::UnknownEnums,
        FaultKind::HtmlNames,
        FaultKind::Huge,
    ];

    /// The name used in the control API, the CLI and the counters.
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::Unauthorized => "401",
            FaultKind::Forbidden => "403",
            FaultKind::NotFound => "404",
            FaultKind::RequestTimeout => "408",
            FaultKind::TooManyRequests => "429",
            FaultKind::InternalError => "500",
            FaultKind::BadGatewayHtml => "502-html",
            FaultKind::Unavailable => "503",
            FaultKind::Delay => "delay",
            FaultKind::Hang => "hang",
            FaultKind::Reset => "reset",
            FaultKind::Truncated => "truncated",
            FaultKind::Malformed => "malformed",
            FaultKind::WrongTypes => "wrong-types",
            FaultKind::UnknownEnums => "unknown-enums",
            FaultKind::HtmlNames => "html-names",
            FaultKind::Huge => "huge",
        }
    }

    /// Whether the fault rewrites the real payload, so needs it computed first.
    pub fn rewrites_payload(self) -> bool {
        matches!(
            self,
            FaultKind::Truncated
                | FaultKind::WrongTypes
                | FaultKind::UnknownEnums
                | FaultKind::HtmlNames
                | FaultKind::Huge
        )
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A fault name that is not one of [`FaultKind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown fault kind \"{0}\" (one of: 401, 403, 404, 408, 429, 500, 502-html, 503, delay, hang, reset, truncated, malformed, wrong-types, unknown-enums, html-names, huge)")]
pub struct UnknownKind(pub String);

impl FromStr for FaultKind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        FaultKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back() {
        for kind in FaultKind::ALL {
            assert_eq!(kind.name().parse::<FaultKind>(), Ok(kind));
        }
        assert!("418".parse::<FaultKind>().is_err());
    }
}
