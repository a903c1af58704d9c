//! The five endpoints, the catalogue and health, and every way a request can be
//! refused, as a client sees them.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::{app, data, get, request, send, valid};
use floorview_reporting::{decode, Catalog, Endpoint};

#[tokio::test]
async fn every_endpoint_answers_json_that_decodes() {
    let (app, _) = app(&[]).await;
    for endpoint in Endpoint::ALL {
        let reply = get(&app, &valid(endpoint)).await;
        assert_eq!(reply.status, StatusCode::OK, "{endpoint}: {}", reply.text());
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        assert!(reply.header("date").is_some(), "{endpoint} has no Date header");
        let text = reply.text();
        let warnings = match endpoint {
            Endpoint::TeamActivity => decode::team_activity(&text).map(|d| d.warnings),
            Endpoint::UserActivity => decode::user_activity(&text).map(|d| d.warnings),
            Endpoint::ChannelActivity => decode::channel_activity(&text).map(|d| d.warnings),
            Endpoint::ListActivity => decode::list_activity(&text).map(|d| d.warnings),
            Endpoint::PresenceUsers => decode::presence_users(&text).map(|d| d.warnings),
        };
        assert_eq!(warnings, Ok(vec![]), "{endpoint}");
    }
}

#[tokio::test]
async fn each_endpoint_answers_for_the_id_it_was_asked() {
    let (app, _) = app(&[]).await;
    let team = decode::team_activity(&get(&app, &valid(Endpoint::TeamActivity)).await.text()).unwrap();
    assert_eq!(team.value.rows[0].team_id.as_deref(), Some("sales_team"));
    let users = decode::user_activity(&get(&app, &valid(Endpoint::UserActivity)).await.text()).unwrap();
    assert!(!users.value.rows.is_empty());
    assert!(users
        .value
        .rows
        .iter()
        .all(|u| u.team_id.as_deref() == Some("sales_team")));
    let channel = decode::channel_activity(&get(&app, &valid(Endpoint::ChannelActivity)).await.text()).unwrap();
    assert!(channel
        .value
        .rows
        .iter()
        .all(|r| r.work_type_id.as_deref() == Some("support_chat")));
    let list = decode::list_activity(&get(&app, &valid(Endpoint::ListActivity)).await.text()).unwrap();
    assert_eq!(list.value.contact_list.as_deref(), Some("Win-back"));
}

#[tokio::test]
async fn missing_and_bad_parameters_are_400_with_an_error_body() {
    let (app, _) = app(&[]).await;
    let cases = [
        (data(Endpoint::TeamActivity, ""), "teamId"),
        (data(Endpoint::UserActivity, "tzOffset=Z"), "teamId"),
        (data(Endpoint::ChannelActivity, ""), "workTypeId"),
        (data(Endpoint::ListActivity, ""), "contactList"),
        (data(Endpoint::PresenceUsers, ""), "state"),
        (data(Endpoint::PresenceUsers, "state=LoggedOff"), "LoggedOn"),
        (data(Endpoint::PresenceUsers, "state=Idle"), "LoggedOn"),
        (
            data(Endpoint::UserActivity, "teamId=sales_team&tzOffset=%2B25:00"),
            "tzOffset",
        ),
        (
            data(Endpoint::UserActivity, "teamId=sales_team&tzOffset=EST"),
            "tzOffset",
        ),
        (
            data(Endpoint::UserActivity, "teamId=sales_team&tzOffset=%2B01:60"),
            "tzOffset",
        ),
        (data(Endpoint::TeamActivity, "teamId="), "teamId"),
        (data(Endpoint::TeamActivity, "teamId=a&teamId=b"), "teamId"),
        (data(Endpoint::TeamActivity, "teamId=sales_team&limit=5"), "limit"),
    ];
    for (uri, mentions) in cases {
        let reply = get(&app, &uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}: {}", reply.text());
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert!(reply.error().contains(mentions), "{uri}: {}", reply.error());
    }
}

#[tokio::test]
async fn unknown_ids_and_organisations_are_404_with_an_error_body() {
    let (app, _) = app(&[]).await;
    let cases = [
        (data(Endpoint::TeamActivity, "teamId=nope"), "team \"nope\""),
        (data(Endpoint::UserActivity, "teamId=nope"), "team \"nope\""),
        (data(Endpoint::ChannelActivity, "workTypeId=nope"), "work type \"nope\""),
        (
            data(Endpoint::ListActivity, "contactList=nope"),
            "contact list \"nope\"",
        ),
        (
            data(Endpoint::PresenceUsers, "state=LoggedOn&workTypeId=nope"),
            "work type \"nope\"",
        ),
        (
            "/via/v2/organizations/acme/reporting/queries/teamActivity/data?teamId=sales_team".to_owned(),
            "organisation \"acme\"",
        ),
        (
            "/via/v2/organizations/demo/reporting/queries/agentActivity/data".to_owned(),
            "Not Found",
        ),
        ("/nothing/here".to_owned(), "Not Found"),
    ];
    for (uri, mentions) in cases {
        let reply = get(&app, &uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}: {}", reply.text());
        assert!(reply.error().contains(mentions), "{uri}: {}", reply.error());
    }
}

#[tokio::test]
async fn another_org_flag_serves_that_organisation_only() {
    let (app, _) = app(&["--org", "acme-corp"]).await;
    let acme = "/via/v2/organizations/acme-corp/reporting/queries/teamActivity/data?teamId=sales_team";
    assert_eq!(get(&app, acme).await.status, StatusCode::OK);
    assert_eq!(
        get(&app, &valid(Endpoint::TeamActivity)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn methods_other_than_get_are_405_with_an_error_body() {
    let (app, _) = app(&[]).await;
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
        for uri in [
            valid(Endpoint::UserActivity),
            "/floorview/v1/catalog".into(),
            "/healthz".into(),
        ] {
            let reply = send(&app, request(method.clone(), &uri)).await;
            assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
            assert_eq!(reply.error(), "Method Not Allowed");
            assert_eq!(reply.header("allow"), Some("GET, HEAD"));
        }
    }
    let head = send(&app, request(Method::HEAD, &valid(Endpoint::TeamActivity))).await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
}

#[tokio::test]
async fn tz_offset_sets_the_local_timestamps_and_nothing_else() {
    let (app, _) = app(&[]).await;
    let read = |tz: &str| {
        let app = app.clone();
        let uri = data(Endpoint::UserActivity, &format!("teamId=sales_team{tz}"));
        async move {
            let reply = get(&app, &uri).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri}");
            decode::user_activity(&reply.text()).unwrap().value.rows
        }
    };
    let utc = read("").await;
    // Encoded and unencoded `+` (which arrives as a space), and the other forms.
    for (tz, seconds) in [
        ("&tzOffset=%2B05:30", 19_800),
        ("&tzOffset=+05:30", 19_800),
        ("&tzOffset=-0930", -34_200),
        ("&tzOffset=%2B1", 3_600),
        ("&tzOffset=Z", 0),
    ] {
        let local = read(tz).await;
        assert_eq!(local.len(), utc.len());
        for (l, u) in local.iter().zip(&utc) {
            let (sign_on, state) = (l.sign_on_time_local.unwrap(), l.state_start_time_local.unwrap());
            assert_eq!(sign_on.offset().local_minus_utc(), seconds, "{tz}");
            assert_eq!(state.offset().local_minus_utc(), seconds, "{tz}");
            assert_eq!(Some(sign_on), u.sign_on_time, "{tz}: same instant");
            assert_eq!(Some(state), u.state_start_time, "{tz}: same instant");
            assert_eq!(l.sign_on_time, u.sign_on_time, "{tz}: UTC fields unchanged");
            assert_eq!(l.sign_on_time.unwrap().offset().local_minus_utc(), 0);
        }
    }
    // The spec's wire format: whole seconds and the offset written out.
    let raw = get(
        &app,
        &data(Endpoint::UserActivity, "teamId=sales_team&tzOffset=%2B05:30"),
    )
    .await
    .json();
    let local = raw["rows"][0]["signOnTimeLocal"].as_str().unwrap();
    assert!(local.ends_with("+05:30") && local.len() == 25, "{local}");
    let utc = raw["rows"][0]["signOnTime"].as_str().unwrap();
    assert!(utc.ends_with('Z') && utc.len() == 20, "{utc}");
}

#[tokio::test]
async fn the_catalog_lists_what_the_endpoints_answer_for() {
    let (app, _) = app(&[]).await;
    let reply = get(&app, "/floorview/v1/catalog").await;
    assert_eq!(reply.status, StatusCode::OK);
    let catalog: Catalog = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(catalog.teams.len(), 3);
    assert_eq!(catalog.work_types.len(), 4);
    assert_eq!(catalog.contact_lists.len(), 2);
    for team in &catalog.teams {
        let uri = data(Endpoint::TeamActivity, &format!("teamId={}", team.team_id));
        assert_eq!(get(&app, &uri).await.status, StatusCode::OK);
    }
    for work_type in &catalog.work_types {
        let uri = data(
            Endpoint::ChannelActivity,
            &format!("workTypeId={}", work_type.work_type_id),
        );
        assert_eq!(get(&app, &uri).await.status, StatusCode::OK);
    }
    for list in &catalog.contact_lists {
        let name = floorview_reporting::endpoint::encode_component(&list.name);
        let uri = data(Endpoint::ListActivity, &format!("contactList={name}"));
        assert_eq!(get(&app, &uri).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn health_reports_the_simulated_time() {
    let (app, state) = app(&[]).await;
    let reply = get(&app, "/healthz").await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    assert_eq!(body["status"], "ok");
    let now = chrono::DateTime::parse_from_rfc3339(body["simulatedNow"].as_str().unwrap()).unwrap();
    assert_eq!(now, state.floor.now());
}

#[tokio::test]
async fn date_is_the_simulated_clock_so_skew_correction_holds_at_any_speed() {
    let (app, state) = app(&["--speed", "1000"]).await;
    tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    let before = state.floor.clock_now();
    let reply = get(&app, &valid(Endpoint::UserActivity)).await;
    let after = state.floor.clock_now();
    let date = http_date(reply.header("date").unwrap());
    // `Date` has whole seconds.
    let second = chrono::Duration::seconds(1);
    assert!(
        before - second <= date && date <= after,
        "{before} <= {date} <= {after}"
    );
    assert!(
        date > chrono::Utc::now() + chrono::Duration::seconds(30),
        "ahead of wall time"
    );

    let (app, _) = common::app(&[]).await;
    let reply = get(&app, &valid(Endpoint::UserActivity)).await;
    let date = http_date(reply.header("date").unwrap());
    assert!(
        (date - chrono::Utc::now()).num_seconds().abs() <= 1,
        "at speed 1 it is wall time"
    );
}

fn http_date(text: &str) -> chrono::DateTime<chrono::Utc> {
    httpdate::parse_http_date(text).expect("an HTTP date").into()
}
