//! The catalogue of the five endpoints: paths, parameters and their validation.
//!
//! The dashboard builds its URLs from [`Query`] and the proxy checks incoming requests
//! with the same [`Query::new`], so the two can never disagree on what is valid.

use std::fmt;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use thiserror::Error;

use crate::enums::PresenceState;
use crate::tz::TzOffset;

/// Every endpoint's path starts with this, followed by the organisation id.
pub const PATH_PREFIX: &str = "/via/v2/organizations/";
/// Between the organisation id and the endpoint's own path.
pub const PATH_REPORTING: &str = "/reporting/";

/// One of the five Reporting API endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    TeamActivity,
    UserActivity,
    ChannelActivity,
    ListActivity,
    PresenceUsers,
}

/// What a parameter holds, and so how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// An identifier or a name: non-empty, printable, bounded length.
    Id,
    /// A `tzOffset` (see [`TzOffset`]).
    TzOffset,
    /// The presence `state`: only `LoggedOn`.
    PresenceState,
}

/// One query parameter of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamSpec {
    pub name: &'static str,
    pub required: bool,
    pub kind: ParamKind,
}

const fn required(name: &'static str, kind: ParamKind) -> ParamSpec {
    ParamSpec {
        name,
        required: true,
        kind,
    }
}

const fn optional(name: &'static str, kind: ParamKind) -> ParamSpec {
    ParamSpec {
        name,
        required: false,
        kind,
    }
}

/// Longest identifier accepted; far above any real id, low enough to bound abuse.
pub const MAX_ID_LEN: usize = 256;

impl Endpoint {
    /// All five, in the spec's order of appearance in the dashboard.
    pub const ALL: [Endpoint; 5] = [
        Endpoint::TeamActivity,
        Endpoint::UserActivity,
        Endpoint::ChannelActivity,
        Endpoint::ListActivity,
        Endpoint::PresenceUsers,
    ];

    /// The short name used in logs, config and fault injection.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::TeamActivity => "teamActivity",
            Endpoint::UserActivity => "userActivity",
            Endpoint::ChannelActivity => "channelActivity",
            Endpoint::ListActivity => "listActivity",
            Endpoint::PresenceUsers => "presence",
        }
    }

    /// Looks an endpoint up by [`Endpoint::name`], ignoring case.
    pub fn from_name(name: &str) -> Option<Endpoint> {
        Endpoint::ALL.into_iter().find(|e| e.name().eq_ignore_ascii_case(name))
    }

    /// The path below `/via/v2/organizations/{orgId}/reporting/`.
    pub fn path_suffix(self) -> &'static str {
        match self {
            Endpoint::TeamActivity => "queries/teamActivity/data",
            Endpoint::UserActivity => "queries/userActivity/data",
            Endpoint::ChannelActivity => "queries/channelActivity/data",
            Endpoint::ListActivity => "queries/listActivity/data",
            Endpoint::PresenceUsers => "presence/users/data",
        }
    }

    /// The query parameters the endpoint takes.
    pub fn params(self) -> &'static [ParamSpec] {
        const TEAM: &[ParamSpec] = &[required("teamId", ParamKind::Id)];
        const USER: &[ParamSpec] = &[
            required("teamId", ParamKind::Id),
            optional("tzOffset", ParamKind::TzOffset),
        ];
        const CHANNEL: &[ParamSpec] = &[required("workTypeId", ParamKind::Id)];
        const LIST: &[ParamSpec] = &[required("contactList", ParamKind::Id)];
        const PRESENCE: &[ParamSpec] = &[
            required("state", ParamKind::PresenceState),
            optional("workTypeId", ParamKind::Id),
        ];
        match self {
            Endpoint::TeamActivity => TEAM,
            Endpoint::UserActivity => USER,
            Endpoint::ChannelActivity => CHANNEL,
            Endpoint::ListActivity => LIST,
            Endpoint::PresenceUsers => PRESENCE,
        }
    }

    /// Splits a request path into organisation id and endpoint; `None` when the path
    /// is not one of the five.
    pub fn parse_path(path: &str) -> Option<(String, Endpoint)> {
        let rest = path.strip_prefix(PATH_PREFIX)?;
        let (org, suffix) = rest.split_once(PATH_REPORTING)?;
        let org = percent_decode_str(org).decode_utf8().ok()?.into_owned();
        let suffix = suffix.trim_end_matches('/');
        let endpoint = Endpoint::ALL.into_iter().find(|e| e.path_suffix() == suffix)?;
        Some((org, endpoint))
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a request's parameters were refused. The proxy answers these with 400.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParamError {
    #[error("organisation id \"{0}\" is not valid (letters, digits and hyphens, at most 63)")]
    OrgId(String),
    #[error("required parameter {0} is missing")]
    Missing(&'static str),
    #[error("parameter {0} was given more than once")]
    Repeated(&'static str),
    #[error("parameter {0} is not one this endpoint takes")]
    Unknown(String),
    #[error("parameter {name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// A validated request to one endpoint: organisation and normalised parameters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Query {
    endpoint: Endpoint,
    org_id: String,
    /// In the endpoint's declared order, so equal queries have equal URLs.
    params: Vec<(&'static str, String)>,
}

impl Query {
    /// Validates `org_id` and `params` (decoded names and values) for `endpoint`.
    pub fn new<K, V>(
        endpoint: Endpoint,
        org_id: &str,
        params: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Query, ParamError>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        validate_org_id(org_id)?;
        let specs = endpoint.params();
        let mut values: Vec<Option<String>> = vec![None; specs.len()];
        for (name, value) in params {
            let (name, value) = (name.as_ref(), value.as_ref());
            let index = specs
                .iter()
                .position(|s| s.name == name)
                .ok_or_else(|| ParamError::Unknown(name.to_owned()))?;
            let spec = specs[index];
            if values[index].is_some() {
                return Err(ParamError::Repeated(spec.name));
            }
            values[index] = Some(normalise(spec, value)?);
        }
        let mut normalised = Vec::with_capacity(specs.len());
        for (spec, value) in specs.iter().zip(values) {
            match value {
                Some(value) => normalised.push((spec.name, value)),
                None if spec.required => return Err(ParamError::Missing(spec.name)),
                None => {}
            }
        }
        Ok(Query {
            endpoint,
            org_id: org_id.to_owned(),
            params: normalised,
        })
    }

    pub fn endpoint(&self) -> Endpoint {
        self.endpoint
    }

    pub fn org_id(&self) -> &str {
        &self.org_id
    }

    /// A parameter's normalised value.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The path, without the query string.
    pub fn path(&self) -> String {
        format!(
            "{PATH_PREFIX}{}{PATH_REPORTING}{}",
            encode_component(&self.org_id),
            self.endpoint.path_suffix()
        )
    }

    /// Path and percent-encoded query string, ready to append to a base URL. Equal
    /// queries give equal strings, so it also serves as a cache key.
    pub fn path_and_query(&self) -> String {
        let query: Vec<String> = self
            .params
            .iter()
            .map(|(n, v)| format!("{n}={}", encode_component(v)))
            .collect();
        format!("{}?{}", self.path(), query.join("&"))
    }
}

fn validate_org_id(org_id: &str) -> Result<(), ParamError> {
    // The org id becomes part of the upstream host name (`{orgId}.via.aspect-cloud.net`),
    // so it must be a plain DNS label: anything else could steer the proxy elsewhere.
    let ok = !org_id.is_empty()
        && org_id.len() <= 63
        && org_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !org_id.starts_with('-')
        && !org_id.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(ParamError::OrgId(org_id.chars().take(80).collect()))
    }
}

fn normalise(spec: ParamSpec, value: &str) -> Result<String, ParamError> {
    let invalid = |reason: String| ParamError::Invalid {
        name: spec.name,
        reason,
    };
    match spec.kind {
        ParamKind::Id => {
            if value.trim().is_empty() {
                Err(invalid("it is empty".into()))
            } else if value.chars().count() > MAX_ID_LEN {
                Err(invalid(format!("it is longer than {MAX_ID_LEN} characters")))
            } else if value.chars().any(char::is_control) {
                Err(invalid("it contains control characters".into()))
            } else {
                Ok(value.to_owned())
            }
        }
        ParamKind::TzOffset => value
            .parse::<TzOffset>()
            .map(|tz| tz.to_string())
            .map_err(|e| invalid(e.to_string())),
        ParamKind::PresenceState => match PresenceState::parse(value) {
            PresenceState::Other(_) => Err(invalid(format!(
                "\"{value}\" is not LoggedOn, the only state the API supports"
            ))),
            known @ PresenceState::LoggedOn => Ok(known.as_str().to_owned()),
        },
    }
}

/// Everything but RFC 3986's unreserved characters is encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes one path segment or query value.
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_spec_paths_with_encoded_values() {
        let q = Query::new(
            Endpoint::UserActivity,
            "acme",
            [("tzOffset", "+0530"), ("teamId", "sales team")],
        )
        .unwrap();
        assert_eq!(
            q.path_and_query(),
            "/via/v2/organizations/acme/reporting/queries/userActivity/data?teamId=sales%20team&tzOffset=%2B05%3A30"
        );
        let q = Query::new(Endpoint::PresenceUsers, "acme", [("state", "loggedon")]).unwrap();
        assert_eq!(
            q.path_and_query(),
            "/via/v2/organizations/acme/reporting/presence/users/data?state=LoggedOn"
        );
    }

    #[test]
    fn paths_parse_back_to_their_endpoint() {
        for endpoint in Endpoint::ALL {
            let path = format!("/via/v2/organizations/demo/reporting/{}", endpoint.path_suffix());
            assert_eq!(Endpoint::parse_path(&path), Some(("demo".to_owned(), endpoint)));
        }
        assert_eq!(
            Endpoint::parse_path("/via/v2/organizations/demo/reporting/queries/other/data"),
            None
        );
        assert_eq!(
            Endpoint::parse_path("/via/v2/organizations/demo/provisioning/teams"),
            None
        );
    }

    #[test]
    fn refuses_what_the_spec_refuses() {
        assert_eq!(
            Query::new(Endpoint::TeamActivity, "demo", [("x", "1")].into_iter().take(0)),
            Err(ParamError::Missing("teamId"))
        );
        assert_eq!(
            Query::new(Endpoint::TeamActivity, "demo", [("teamId", "a"), ("evil", "1")]),
            Err(ParamError::Unknown("evil".into()))
        );
        assert_eq!(
            Query::new(Endpoint::TeamActivity, "demo", [("teamId", "a"), ("teamId", "b")]),
            Err(ParamError::Repeated("teamId"))
        );
        assert!(matches!(
            Query::new(Endpoint::TeamActivity, "demo", [("teamId", " ")]),
            Err(ParamError::Invalid { name: "teamId", .. })
        ));
        assert!(matches!(
            Query::new(Endpoint::UserActivity, "demo", [("teamId", "a"), ("tzOffset", "+25")]),
            Err(ParamError::Invalid { name: "tzOffset", .. })
        ));
        assert!(matches!(
            Query::new(Endpoint::PresenceUsers, "demo", [("state", "LoggedOff")]),
            Err(ParamError::Invalid { name: "state", .. })
        ));
    }

    #[test]
    fn org_ids_that_could_change_the_upstream_host_are_refused() {
        for org in ["", "evil.com", "a/b", "a@b", "-a", "a b", &"x".repeat(64)] {
            assert!(
                matches!(
                    Query::new(Endpoint::TeamActivity, org, [("teamId", "t")]),
                    Err(ParamError::OrgId(_))
                ),
                "{org}"
            );
        }
    }
}
