//! The simulator tells one consistent, lively and repeatable story.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use floorview_reporting::sim::{inconsistencies, SimConfig, SimConfigError, Simulator};
use floorview_reporting::{decode, StateId, TzOffset};
use proptest::prelude::*;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().expect("valid date")
}

fn assert_consistent(sim: &Simulator) {
    let problems = inconsistencies(&sim.story());
    assert!(problems.is_empty(), "at {}: {problems:#?}", sim.now());
}

#[test]
fn the_default_floor_stays_consistent_over_an_hour() {
    let mut sim = Simulator::new(SimConfig::default(), start()).unwrap();
    for _ in 0..3600 {
        sim.step();
        if sim.now().timestamp() % 60 == 0 {
            assert_consistent(&sim);
        }
    }
}

#[test]
fn the_floor_is_busy_and_varied() {
    let mut sim = Simulator::new(
        SimConfig {
            teams: 5,
            agents_per_team: 40,
            ..SimConfig::default()
        },
        start(),
    )
    .unwrap();
    let mut states_seen = std::collections::BTreeSet::new();
    let mut queued_work_types = std::collections::BTreeSet::new();
    let mut max_queue = 0;
    let mut reasons = std::collections::BTreeSet::new();
    for _ in 0..7200 {
        sim.step();
        if sim.now().timestamp() % 30 != 0 {
            continue;
        }
        let story = sim.story();
        for (_, users) in &story.teams {
            for row in &users.rows {
                states_seen.insert(row.state_id.clone().map(|s| s.to_string()).unwrap_or_default());
                if let Some(reason) = &row.reason_id {
                    reasons.insert(reason.clone());
                }
            }
        }
        for channel in &story.channels {
            let queued = channel.rows.iter().filter_map(|r| r.queue_count).sum::<u32>();
            max_queue = max_queue.max(queued);
            if queued > 0 {
                queued_work_types.extend(channel.rows.iter().filter_map(|r| r.work_type_id.clone()));
            }
        }
    }
    for state in [
        StateId::Idle,
        StateId::PendingActive,
        StateId::Active,
        StateId::Held,
        StateId::Wrap,
        StateId::WrapWarning,
        StateId::NotReady,
        StateId::Park,
        StateId::Multiline,
        StateId::Preview,
    ] {
        assert!(
            states_seen.contains(state.as_str()),
            "never saw {state}: {states_seen:?}"
        );
    }
    assert!(reasons.len() >= 4, "not-ready reasons seen: {reasons:?}");
    // Demand peaks outrun the staff, so every inbound work type queues at times
    // (the outbound one dials instead).
    assert!(max_queue >= 3, "queues never built up: {max_queue}");
    assert_eq!(
        queued_work_types.len(),
        4,
        "work types that queued: {queued_work_types:?}"
    );
}

#[test]
fn the_same_seed_and_clock_give_the_same_payloads() {
    let config = SimConfig {
        seed: 99,
        ..SimConfig::default()
    };
    let mut a = Simulator::new(config, start()).unwrap();
    let mut b = Simulator::new(config, start()).unwrap();
    // Asked at different moments, both reach the same instant.
    for minute in 1..=10 {
        a.advance_to(start() + Duration::seconds(minute * 60));
    }
    b.advance_to(start() + Duration::seconds(600));
    let team = &a.catalog().teams[0].team_id;
    assert_eq!(
        serde_json::to_string(&a.user_activity(team, TzOffset::UTC)).unwrap(),
        serde_json::to_string(&b.user_activity(team, TzOffset::UTC)).unwrap()
    );
    let other = Simulator::new(SimConfig { seed: 100, ..config }, start()).unwrap();
    assert_ne!(
        serde_json::to_string(&other.user_activity(team, TzOffset::UTC)).unwrap(),
        serde_json::to_string(&b.user_activity(team, TzOffset::UTC)).unwrap()
    );
}

#[test]
fn local_times_carry_the_requested_offset() {
    let sim = Simulator::new(SimConfig::default(), start()).unwrap();
    let team = &sim.catalog().teams[0].team_id;
    let tz: TzOffset = "-07:00".parse().unwrap();
    let users = sim.user_activity(team, tz).unwrap();
    let row = &users.rows[0];
    assert_eq!(row.sign_on_time_local.unwrap().offset().local_minus_utc(), -7 * 3600);
    assert_eq!(row.sign_on_time_local.unwrap(), row.sign_on_time.unwrap());
    let json = serde_json::to_string(&users).unwrap();
    assert!(json.contains("-07:00\""), "local times are written with their offset");
}

#[test]
fn payloads_are_the_apis_json() {
    let sim = Simulator::new(SimConfig::default(), start()).unwrap();
    let catalog = sim.catalog();
    let team = serde_json::to_value(sim.team_activity(&catalog.teams[0].team_id)).unwrap();
    assert_eq!(team["kind"], "via#queryDataList");
    assert!(team["rows"][0]["multiLineCount"].is_u64());
    let users = serde_json::to_string(&sim.user_activity(&catalog.teams[0].team_id, TzOffset::UTC)).unwrap();
    assert!(users.contains("\"signOnTime\":\"2026-11-02T"), "{users}");
    assert!(users.contains("Z\""), "UTC times end in Z");
    let presence = serde_json::to_value(sim.presence(None)).unwrap();
    assert_eq!(presence["kind"], "via#presenceDataList");
    let list = serde_json::to_value(sim.list_activity(&catalog.contact_lists[0].name)).unwrap();
    assert_eq!(list["kind"], "via#listActivity");
    assert!(
        list["listPenetration"].is_u64(),
        "percentages are whole numbers: {list}"
    );
    // And what it writes, the decoder reads back without complaint.
    let body = serde_json::to_string(&sim.channel_activity(&catalog.work_types[0].work_type_id)).unwrap();
    assert!(decode::channel_activity(&body).unwrap().warnings.is_empty());
}

#[test]
fn unknown_ids_are_none() {
    let sim = Simulator::new(SimConfig::default(), start()).unwrap();
    assert!(sim.team_activity("nope").is_none());
    assert!(sim.user_activity("nope", TzOffset::UTC).is_none());
    assert!(sim.channel_activity("nope").is_none());
    assert!(sim.list_activity("nope").is_none());
    assert!(sim.presence(Some("nope")).is_none());
}

#[test]
fn presence_filters_by_work_type() {
    let sim = Simulator::new(SimConfig::default(), start()).unwrap();
    let all = sim.presence(None).unwrap().users.len();
    let per_type: usize = sim
        .catalog()
        .work_types
        .iter()
        .map(|w| sim.presence(Some(&w.work_type_id)).unwrap().users.len())
        .sum();
    assert_eq!(all, per_type, "every signed-on agent serves exactly one work type");
    assert!(all > 0);
}

#[test]
fn impossible_scales_are_refused() {
    assert_eq!(
        Simulator::new(
            SimConfig {
                teams: 0,
                ..SimConfig::default()
            },
            start()
        )
        .err(),
        Some(SimConfigError::Zero("teams"))
    );
    assert!(matches!(
        Simulator::new(
            SimConfig {
                teams: 1000,
                agents_per_team: 1000,
                ..SimConfig::default()
            },
            start()
        )
        .err(),
        Some(SimConfigError::TooLarge { .. })
    ));
}

#[test]
fn ten_thousand_agents_stay_consistent() {
    let mut sim = Simulator::new(
        SimConfig {
            teams: 50,
            agents_per_team: 200,
            work_types: 10,
            contact_lists: 5,
            seed: 3,
        },
        start(),
    )
    .unwrap();
    for _ in 0..120 {
        sim.step();
    }
    let story = sim.story();
    let agents: usize = story.teams.iter().map(|(_, u)| u.rows.len()).sum();
    assert!(agents > 8_000, "most of 10,000 agents are signed on, got {agents}");
    let problems = inconsistencies(&story);
    assert!(problems.is_empty(), "{problems:#?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_seed_and_scale_keeps_every_invariant(
        seed in any::<u64>(),
        teams in 1usize..6,
        agents_per_team in 1usize..30,
        work_types in 1usize..7,
        contact_lists in 0usize..4,
    ) {
        let config = SimConfig { seed, teams, agents_per_team, work_types, contact_lists };
        let mut sim = Simulator::new(config, start()).unwrap();
        for step in 0..2000 {
            sim.step();
            if step % 97 == 0 {
                let problems = inconsistencies(&sim.story());
                prop_assert!(problems.is_empty(), "seed {} step {}: {:#?}", seed, step, problems);
            }
        }
    }
}
