//! The bodies the proxy serves (`Simulator::body`) are exactly `serde_json`'s encoding
//! of the snapshot models, whichever way each endpoint is written.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use floorview_reporting::sim::{SimConfig, Simulator};
use floorview_reporting::{decode, Endpoint, Query, TzOffset};
use proptest::prelude::*;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().expect("valid date")
}

fn query(endpoint: Endpoint, params: &[(&str, &str)]) -> Query {
    Query::new(endpoint, "demo", params.iter().copied()).expect("a valid query")
}

/// Every query the floor can answer, with the serde encoding of its model.
fn expected_bodies(sim: &Simulator, tz: TzOffset) -> Vec<(Query, Vec<u8>)> {
    let catalog = sim.catalog();
    let tz_text = tz.to_string();
    let json = |value: &dyn erased::Json| value.to_vec();
    let mut bodies = Vec::new();
    for team in &catalog.teams {
        let id = team.team_id.as_str();
        bodies.push((
            query(Endpoint::TeamActivity, &[("teamId", id)]),
            json(&sim.team_activity(id)),
        ));
        bodies.push((
            query(Endpoint::UserActivity, &[("teamId", id), ("tzOffset", &tz_text)]),
            json(&sim.user_activity(id, tz)),
        ));
    }
    bodies.push((
        query(Endpoint::UserActivity, &[("teamId", &catalog.teams[0].team_id)]),
        json(&sim.user_activity(&catalog.teams[0].team_id, TzOffset::UTC)),
    ));
    for work_type in &catalog.work_types {
        let id = work_type.work_type_id.as_str();
        bodies.push((
            query(Endpoint::ChannelActivity, &[("workTypeId", id)]),
            json(&sim.channel_activity(id)),
        ));
        bodies.push((
            query(Endpoint::PresenceUsers, &[("state", "LoggedOn"), ("workTypeId", id)]),
            json(&sim.presence(Some(id))),
        ));
    }
    for list in &catalog.contact_lists {
        bodies.push((
            query(Endpoint::ListActivity, &[("contactList", &list.name)]),
            json(&sim.list_activity(&list.name)),
        ));
    }
    bodies.push((
        query(Endpoint::PresenceUsers, &[("state", "LoggedOn")]),
        json(&sim.presence(None)),
    ));
    bodies
}

/// Lets the test hold the five model types in one list.
mod erased {
    pub trait Json {
        fn to_vec(&self) -> Vec<u8>;
    }
    impl<T: serde::Serialize> Json for Option<T> {
        fn to_vec(&self) -> Vec<u8> {
            serde_json::to_vec(self.as_ref().expect("the id exists")).expect("serialisable")
        }
    }
}

fn assert_bodies_match(sim: &Simulator, tz: TzOffset) {
    for (query, expected) in expected_bodies(sim, tz) {
        let body = sim.body(&query).expect("the id exists");
        assert!(
            body == expected,
            "{} at {}:\n  written {}\n  serde   {}",
            query.path_and_query(),
            sim.now(),
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&expected)
        );
    }
}

#[test]
fn bodies_match_the_models_through_a_busy_hour() {
    let config = SimConfig {
        teams: 4,
        agents_per_team: 30,
        ..SimConfig::default()
    };
    let mut sim = Simulator::new(config, start()).unwrap();
    let tz: TzOffset = "+05:30".parse().unwrap();
    for second in 0..3600 {
        sim.step();
        if second % 120 == 0 {
            assert_bodies_match(&sim, tz);
        }
    }
}

#[test]
fn unknown_ids_have_no_body() {
    let sim = Simulator::new(SimConfig::default(), start()).unwrap();
    for (endpoint, params) in [
        (Endpoint::TeamActivity, vec![("teamId", "nobody")]),
        (Endpoint::UserActivity, vec![("teamId", "nobody")]),
        (Endpoint::ChannelActivity, vec![("workTypeId", "nothing")]),
        (Endpoint::ListActivity, vec![("contactList", "none")]),
        (
            Endpoint::PresenceUsers,
            vec![("state", "LoggedOn"), ("workTypeId", "nothing")],
        ),
    ] {
        assert_eq!(sim.body(&query(endpoint, &params)), None, "{endpoint}");
    }
}

#[test]
fn a_written_body_decodes_to_the_model() {
    let sim = Simulator::new(SimConfig::default(), start()).unwrap();
    let team = sim.catalog().teams[0].team_id.clone();
    let tz: TzOffset = "-03:00".parse().unwrap();
    let body = sim
        .body(&query(
            Endpoint::UserActivity,
            &[("teamId", &team), ("tzOffset", "-03:00")],
        ))
        .unwrap();
    let decoded = decode::user_activity(std::str::from_utf8(&body).unwrap()).unwrap();
    assert!(decoded.warnings.is_empty());
    assert_eq!(Some(decoded.value), sim.user_activity(&team, tz));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn bodies_match_the_models_for_any_seed_time_and_offset(
        seed in any::<u64>(),
        seconds in 0i64..20_000,
        tz_seconds in -18 * 3600..=18 * 3600i32,
    ) {
        let config = SimConfig { seed, teams: 3, agents_per_team: 25, ..SimConfig::default() };
        let mut sim = Simulator::new(config, start()).unwrap();
        sim.advance_to(start() + Duration::seconds(seconds));
        assert_bodies_match(&sim, TzOffset::from_seconds(tz_seconds).unwrap());
    }
}
