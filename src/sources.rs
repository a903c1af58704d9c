//! Which requests the configured floor makes: one source per endpoint and
//! parameter (`teamActivity?teamId=sales` is one), each with its URL, the words
//! that name it in an error, and its poll period. Pure, so the list is tested
//! natively; `web/poller.rs` pairs each with its slot of the store, which holds
//! one slot per id in the same order.

use floorview_reporting::{Endpoint, Query};

use crate::config::Config;

/// One request the floor makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub endpoint: Endpoint,
    /// Index of its slot among the store's slots of `endpoint` (for presence, 0 is
    /// everyone logged on, then one per work type).
    pub slot: usize,
    pub url: String,
    /// What an error message calls it (`team "sales"`).
    pub subject: String,
    pub period_ms: f64,
}

/// A source whose parameters the API would refuse: a configuration error for its
/// slot, never requested.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    pub endpoint: Endpoint,
    pub slot: usize,
    pub reason: String,
}

/// Every source of `config`, teams first so the first batch (the cap's worth, asked
/// at once) fills the team cards; then work types, each team's agents, contact
/// lists and presence.
pub fn plan(config: &Config) -> (Vec<Source>, Vec<Refused>) {
    let mut sources = Vec::new();
    let mut refused = Vec::new();
    let mut add = |endpoint: Endpoint, slot: usize, params: &[(&str, &str)], subject: String| match Query::new(
        endpoint,
        &config.org_id,
        params.iter().copied(),
    ) {
        Ok(query) => sources.push(Source {
            endpoint,
            slot,
            url: format!("{}{}", config.base_url(), query.path_and_query()),
            subject,
            period_ms: config.poll.seconds(endpoint) * 1000.0,
        }),
        Err(e) => refused.push(Refused {
            endpoint,
            slot,
            reason: e.to_string(),
        }),
    };
    for (i, id) in config.teams.iter().enumerate() {
        add(Endpoint::TeamActivity, i, &[("teamId", id)], format!("team \"{id}\""));
    }
    for (i, id) in config.work_types.iter().enumerate() {
        add(
            Endpoint::ChannelActivity,
            i,
            &[("workTypeId", id)],
            format!("work type \"{id}\""),
        );
    }
    let tz = config.tz_offset.map(|tz| tz.to_string());
    for (i, id) in config.teams.iter().enumerate() {
        let mut params = vec![("teamId", id.as_str())];
        if let Some(tz) = &tz {
            params.push(("tzOffset", tz.as_str()));
        }
        add(Endpoint::UserActivity, i, &params, format!("agents of team \"{id}\""));
    }
    for (i, id) in config.contact_lists.iter().enumerate() {
        add(
            Endpoint::ListActivity,
            i,
            &[("contactList", id)],
            format!("contact list \"{id}\""),
        );
    }
    add(
        Endpoint::PresenceUsers,
        0,
        &[("state", "LoggedOn")],
        "presence".to_owned(),
    );
    for (i, id) in config.work_types.iter().enumerate() {
        let params = [("state", "LoggedOn"), ("workTypeId", id.as_str())];
        add(
            Endpoint::PresenceUsers,
            i + 1,
            &params,
            format!("presence of work type \"{id}\""),
        );
    }
    (sources, refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn floor() -> Config {
        Config {
            proxy_url: "https://proxy.example/".into(),
            teams: vec!["sales".into(), "support".into()],
            work_types: vec!["voice".into()],
            contact_lists: vec!["Spring Renewals".into()],
            tz_offset: "+01:00".parse().ok(),
            ..Config::default()
        }
    }

    #[test]
    fn one_source_per_endpoint_and_parameter_teams_first() {
        let (sources, refused) = plan(&floor());
        assert!(refused.is_empty(), "{refused:?}");
        let order: Vec<(Endpoint, usize)> = sources.iter().map(|s| (s.endpoint, s.slot)).collect();
        assert_eq!(
            order,
            [
                (Endpoint::TeamActivity, 0),
                (Endpoint::TeamActivity, 1),
                (Endpoint::ChannelActivity, 0),
                (Endpoint::UserActivity, 0),
                (Endpoint::UserActivity, 1),
                (Endpoint::ListActivity, 0),
                (Endpoint::PresenceUsers, 0),
                (Endpoint::PresenceUsers, 1),
            ]
        );
        assert_eq!(sources[3].subject, "agents of team \"sales\"");
        assert_eq!(sources[7].subject, "presence of work type \"voice\"");
    }

    #[test]
    fn urls_carry_the_proxy_the_org_and_the_parameters() {
        let (sources, _) = plan(&floor());
        assert!(
            sources.iter().all(|s| s.url.starts_with("https://proxy.example/")),
            "{sources:?}"
        );
        let agents = &sources[3].url;
        assert!(
            agents.contains("teamId=sales") && agents.contains("tzOffset="),
            "{agents}"
        );
        assert!(
            sources[5].url.contains("contactList=Spring%20Renewals"),
            "{}",
            sources[5].url
        );
        assert!(sources[7].url.contains("workTypeId=voice"), "{}", sources[7].url);
        assert_eq!(sources[0].period_ms, 5_000.0);
        assert_eq!(sources[5].period_ms, 30_000.0);
    }

    #[test]
    fn an_id_the_api_would_refuse_is_a_refusal_not_a_request() {
        let config = Config {
            teams: vec!["ok".into(), "bell\u{7}".into()],
            ..Config::default()
        };
        let (sources, refused) = plan(&config);
        assert_eq!(
            sources.iter().filter(|s| s.endpoint == Endpoint::TeamActivity).count(),
            1
        );
        let slots: Vec<(Endpoint, usize)> = refused.iter().map(|r| (r.endpoint, r.slot)).collect();
        assert_eq!(slots, [(Endpoint::TeamActivity, 1), (Endpoint::UserActivity, 1)]);
    }
}
