//! Over HTTP, the five endpoints tell one consistent story: what the simulator
//! promises survives serialisation, routing and decoding.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use axum::Router;
use common::{app, data, get};
use floorview_reporting::endpoint::encode_component;
use floorview_reporting::sim::{inconsistencies, Story};
use floorview_reporting::{decode, Catalog, Endpoint};

/// Everything the floor says over HTTP, at the instant `/healthz` reports.
async fn story(app: &Router) -> Story {
    let health = get(app, "/healthz").await.json();
    let now = chrono::DateTime::parse_from_rfc3339(health["simulatedNow"].as_str().unwrap()).unwrap();
    let catalog: Catalog = serde_json::from_slice(&get(app, "/floorview/v1/catalog").await.body).unwrap();
    let mut teams = Vec::new();
    for team in &catalog.teams {
        let query = format!("teamId={}", team.team_id);
        let activity = decode::team_activity(&get(app, &data(Endpoint::TeamActivity, &query)).await.text()).unwrap();
        let users = decode::user_activity(&get(app, &data(Endpoint::UserActivity, &query)).await.text()).unwrap();
        assert!(activity.warnings.is_empty() && users.warnings.is_empty());
        teams.push((activity.value, users.value));
    }
    let mut channels = Vec::new();
    for work_type in &catalog.work_types {
        let uri = data(
            Endpoint::ChannelActivity,
            &format!("workTypeId={}", work_type.work_type_id),
        );
        channels.push(decode::channel_activity(&get(app, &uri).await.text()).unwrap().value);
    }
    let mut lists = Vec::new();
    for list in &catalog.contact_lists {
        let uri = data(
            Endpoint::ListActivity,
            &format!("contactList={}", encode_component(&list.name)),
        );
        lists.push(decode::list_activity(&get(app, &uri).await.text()).unwrap().value);
    }
    let presence = get(app, &data(Endpoint::PresenceUsers, "state=LoggedOn")).await;
    Story {
        now,
        teams,
        channels,
        lists,
        presence: decode::presence_users(&presence.text()).unwrap().value,
    }
}

#[tokio::test]
async fn the_story_over_http_is_consistent_and_stays_so() {
    // At 1000× a few milliseconds of wall time are many simulated seconds.
    let (app, state) = app(&["--speed", "1000"]).await;
    for _ in 0..4 {
        let story = story(&app).await;
        let problems = inconsistencies(&story);
        assert!(problems.is_empty(), "at {}: {problems:#?}", story.now);
        // The checks above, spelled out as a user would notice them.
        for (team, users) in &story.teams {
            let row = &team.rows[0];
            assert_eq!(row.signed_on(), users.rows.len() as u64, "team counts = its agents");
            assert_eq!(users.total_items, Some(users.rows.len() as u32), "totalItems = rows");
            for user in &users.rows {
                let since = (story.now - user.state_start_time.unwrap()).num_seconds();
                assert_eq!(
                    user.state_dur.map(i64::from),
                    Some(since),
                    "stateDur = now − stateStartTime"
                );
            }
        }
        let everyone: BTreeSet<_> = story
            .teams
            .iter()
            .flat_map(|(_, users)| users.rows.iter().filter_map(|u| u.user_id.clone()))
            .collect();
        let present: BTreeSet<_> = story.presence.users.iter().filter_map(|u| u.user_id.clone()).collect();
        assert_eq!(present, everyone, "presence = every signed-on agent of every team");
        assert_eq!(story.presence.total_items, Some(present.len() as u32));

        let before = state.floor.now();
        tokio::time::sleep(Duration::from_millis(40)).await;
        state.floor.catch_up();
        assert!(state.floor.now() > before, "the clock moves");
    }
}

#[tokio::test]
async fn presence_of_a_work_type_is_a_part_of_everyone() {
    let (app, _) = app(&[]).await;
    let all = decode::presence_users(&get(&app, &data(Endpoint::PresenceUsers, "state=LoggedOn")).await.text())
        .unwrap()
        .value;
    let all: BTreeSet<_> = all.users.into_iter().filter_map(|u| u.user_id).collect();
    let mut covered = BTreeSet::new();
    for work_type in ["sales_voice", "support_chat", "billing_email", "renewals_outbound"] {
        let uri = data(
            Endpoint::PresenceUsers,
            &format!("state=LoggedOn&workTypeId={work_type}"),
        );
        let some = decode::presence_users(&get(&app, &uri).await.text()).unwrap().value;
        assert_eq!(some.total_items, Some(some.users.len() as u32));
        let ids: BTreeSet<_> = some.users.into_iter().filter_map(|u| u.user_id).collect();
        assert!(ids.is_subset(&all), "{work_type}");
        assert!(covered.is_disjoint(&ids), "an agent serves one work type");
        covered.extend(ids);
    }
    assert_eq!(covered, all);
}
