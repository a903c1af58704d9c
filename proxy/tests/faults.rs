//! Every fault kind as a client sees it, its counters, and the control API's
//! refusal of anyone not on this machine.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Each test's server is built inline; the panic arm names whatever else arrived.
#![allow(clippy::large_futures, clippy::match_wildcard_for_single_variants)]

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{add_fault, app, faults, from_peer, get, raw_request, request, send, serve, valid, Wire};
use floorview_reporting::{decode, DecodeError, Endpoint, StateId};
use serde_json::json;

#[tokio::test]
async fn status_faults_answer_their_status_with_an_error_body() {
    let (app, _) = app(&[]).await;
    for (kind, status) in [
        ("401", StatusCode::UNAUTHORIZED),
        ("403", StatusCode::FORBIDDEN),
        ("404", StatusCode::NOT_FOUND),
        ("408", StatusCode::REQUEST_TIMEOUT),
        ("500", StatusCode::INTERNAL_SERVER_ERROR),
    ] {
        add_fault(&app, json!({"kind": kind, "count": 1})).await;
        let reply = get(&app, &valid(Endpoint::TeamActivity)).await;
        assert_eq!(reply.status, status, "{kind}");
        assert_eq!(reply.error(), status.canonical_reason().unwrap());
        assert_eq!(reply.header("retry-after"), None);
        assert_eq!(
            get(&app, &valid(Endpoint::TeamActivity)).await.status,
            StatusCode::OK,
            "only once"
        );
        assert_eq!(faults(&app).await["counts"][kind], 1, "{kind} counted");
    }
}

#[tokio::test]
async fn throttling_faults_say_when_to_retry() {
    let (app, _) = app(&[]).await;
    add_fault(&app, json!({"kind": "429", "count": 1, "retryAfter": "5"})).await;
    let reply = get(&app, &valid(Endpoint::UserActivity)).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.header("retry-after"), Some("5"));
    assert_eq!(reply.error(), "Too Many Requests");

    let date = "Wed, 21 Oct 2037 07:28:00 GMT";
    add_fault(&app, json!({"kind": "503", "count": 1, "retryAfter": date})).await;
    let reply = get(&app, &valid(Endpoint::UserActivity)).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.header("retry-after"), Some(date));

    add_fault(&app, json!({"kind": "429", "count": 1})).await;
    assert_eq!(
        get(&app, &valid(Endpoint::UserActivity)).await.header("retry-after"),
        None
    );
}

#[tokio::test]
async fn a_bad_gateway_sends_an_html_page() {
    let (app, _) = app(&[]).await;
    add_fault(&app, json!({"kind": "502-html"})).await;
    let reply = get(&app, &valid(Endpoint::ChannelActivity)).await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert!(reply.header("content-type").unwrap().starts_with("text/html"));
    let error = decode::channel_activity(&reply.text()).unwrap_err();
    assert_eq!(
        error,
        DecodeError::Html {
            title: Some("502 Bad Gateway".into())
        }
    );
}

#[tokio::test]
async fn broken_bodies_are_refused_by_the_decoder_for_what_they_are() {
    let (app, _) = app(&[]).await;
    add_fault(&app, json!({"kind": "truncated", "count": 1})).await;
    let reply = get(&app, &valid(Endpoint::UserActivity)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        decode::user_activity(&reply.text()).unwrap_err(),
        DecodeError::Truncated
    );
    let whole = get(&app, &valid(Endpoint::UserActivity)).await;
    assert_eq!(reply.body.len(), whole.body.len() / 2);

    add_fault(&app, json!({"kind": "malformed", "count": 1})).await;
    let reply = get(&app, &valid(Endpoint::UserActivity)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert!(matches!(
        decode::user_activity(&reply.text()),
        Err(DecodeError::NotJson { .. })
    ));
}

#[tokio::test]
async fn wrong_types_still_decode_to_the_same_agents() {
    let (app, _) = app(&[]).await;
    let real = decode::user_activity(&get(&app, &valid(Endpoint::UserActivity)).await.text()).unwrap();
    add_fault(&app, json!({"kind": "wrong-types", "endpoint": "userActivity"})).await;
    let reply = get(&app, &valid(Endpoint::UserActivity)).await;
    let raw = reply.json();
    assert!(raw["totalItems"].is_string());
    let row = raw["rows"][0].as_object().unwrap();
    assert!(row.values().any(serde_json::Value::is_null));
    assert!(!row.values().any(serde_json::Value::is_u64) || row.values().any(serde_json::Value::is_string));
    let odd = decode::user_activity(&reply.text()).unwrap();
    assert_eq!(odd.value.rows.len(), real.value.rows.len(), "no row is lost");
    assert_eq!(
        odd.value.total_items, real.value.total_items,
        "a numeric string is still a count"
    );
}

#[tokio::test]
async fn unknown_enums_arrive_as_values_the_spec_does_not_list() {
    let (app, _) = app(&[]).await;
    add_fault(&app, json!({"kind": "unknown-enums"})).await;
    let users = decode::user_activity(&get(&app, &valid(Endpoint::UserActivity)).await.text()).unwrap();
    assert!(!users.value.rows.is_empty());
    assert!(users
        .value
        .rows
        .iter()
        .all(|u| u.state_id == Some(StateId::Other("lunchbreak".into()))));
    let channel = get(&app, &valid(Endpoint::ChannelActivity)).await.json();
    assert_eq!(channel["rows"][0]["interactionTypeId"], "inboundhologram");
    assert_eq!(channel["rows"][0]["channelTypeId"], "telepathy");
}

#[tokio::test]
async fn html_names_carry_script_payloads() {
    let (app, _) = app(&[]).await;
    add_fault(&app, json!({"kind": "html-names"})).await;
    let users = decode::user_activity(&get(&app, &valid(Endpoint::UserActivity)).await.text()).unwrap();
    let names: Vec<_> = users
        .value
        .rows
        .iter()
        .filter_map(|u| u.preferred_name.clone())
        .collect();
    assert!(names.contains(&"<script>window.__pwned=1</script>".to_owned()));
    assert!(names.contains(&"<img src=x onerror=\"window.__pwned=1\">".to_owned()));
    let team = get(&app, &valid(Endpoint::TeamActivity)).await.json();
    assert!(team["rows"][0]["teamName"].as_str().unwrap().contains("__pwned"));
    let presence = get(&app, &valid(Endpoint::PresenceUsers)).await.json();
    assert!(presence["users"][0]["firstName"].as_str().unwrap().contains("__pwned"));
}

#[tokio::test]
async fn huge_is_ten_megabytes_of_valid_payload() {
    let (app, _) = app(&[]).await;
    let real = decode::team_activity(&get(&app, &valid(Endpoint::TeamActivity)).await.text()).unwrap();
    add_fault(&app, json!({"kind": "huge", "count": 1})).await;
    let reply = get(&app, &valid(Endpoint::TeamActivity)).await;
    assert!(reply.body.len() >= 10 * 1024 * 1024, "{} bytes", reply.body.len());
    let big = decode::team_activity(&reply.text()).unwrap();
    assert_eq!(big.value, real.value);
}

#[tokio::test]
async fn delay_answers_normally_but_late() {
    let (app, _) = app(&[]).await;
    add_fault(&app, json!({"kind": "delay", "delayMs": 300, "count": 1})).await;
    let started = Instant::now();
    let reply = get(&app, &valid(Endpoint::ListActivity)).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.status, StatusCode::OK);
    assert!(decode::list_activity(&reply.text()).is_ok());
}

#[tokio::test]
async fn hang_never_answers_and_reset_drops_the_connection() {
    let (app, _) = app(&[]).await;
    let addr = serve(app.clone()).await;
    add_fault(&app, json!({"kind": "hang", "endpoint": "presence", "count": 1})).await;
    match raw_request(
        addr,
        "GET",
        &valid(Endpoint::PresenceUsers),
        "",
        Duration::from_millis(600),
    )
    .await
    {
        Wire::Silent(bytes) => assert!(bytes.is_empty()),
        other => panic!("a hang answered: {other:?}"),
    }
    add_fault(&app, json!({"kind": "reset", "endpoint": "presence", "count": 1})).await;
    match raw_request(addr, "GET", &valid(Endpoint::PresenceUsers), "", Duration::from_secs(5)).await {
        Wire::Reset(bytes) | Wire::Closed(bytes) => assert!(bytes.is_empty(), "no response at all"),
        other => panic!("a reset answered: {other:?}"),
    }
    // The server is fine afterwards.
    match raw_request(addr, "GET", &valid(Endpoint::PresenceUsers), "", Duration::from_secs(5)).await {
        Wire::Closed(bytes) => assert!(bytes.starts_with(b"HTTP/1.1 200")),
        other => panic!("{other:?}"),
    }
    let view = faults(&app).await;
    assert_eq!(
        (view["counts"]["hang"].as_u64(), view["counts"]["reset"].as_u64()),
        (Some(1), Some(1))
    );
}

#[tokio::test]
async fn a_hung_request_is_released_when_its_client_gives_up() {
    let (app, _) = app(&["--fault", "hang:teamActivity"]).await;
    let addr = serve(app.clone()).await;
    let path = valid(Endpoint::TeamActivity);
    let waiting = tokio::spawn(async move { raw_request(addr, "GET", &path, "", Duration::from_secs(1)).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(faults(&app).await["hanging"], 1, "the server holds the request");
    assert!(matches!(waiting.await.unwrap(), Wire::Silent(_)));
    // The client has closed its connection; the server lets go of the request.
    let mut hanging = 1;
    for _ in 0..50 {
        hanging = faults(&app).await["hanging"].as_u64().unwrap();
        if hanging == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(hanging, 0);
}

#[tokio::test]
async fn reset_is_a_tcp_reset_on_the_wire() {
    let (app, _) = app(&["--fault", "reset:teamActivity"]).await;
    let addr = serve(app).await;
    let wire = raw_request(addr, "GET", &valid(Endpoint::TeamActivity), "", Duration::from_secs(5)).await;
    assert!(matches!(wire, Wire::Reset(ref bytes) if bytes.is_empty()), "{wire:?}");
}

#[tokio::test]
async fn rules_target_endpoints_counts_and_rates() {
    let (app, _) = app(&[]).await;
    add_fault(&app, json!({"kind": "500", "endpoint": "listActivity", "count": 2})).await;
    add_fault(&app, json!({"kind": "503", "endpoint": "*", "rate": 0.0})).await;
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(get(&app, &valid(Endpoint::ListActivity)).await.status.as_u16());
        assert_eq!(get(&app, &valid(Endpoint::TeamActivity)).await.status, StatusCode::OK);
    }
    assert_eq!(statuses, [500, 500, 200]);
    let view = faults(&app).await;
    assert_eq!(
        view["rules"].as_array().unwrap().len(),
        1,
        "the counted rule is used up"
    );
    assert_eq!(view["rules"][0]["kind"], "503");
    assert_eq!(view["rules"][0]["rate"], 0.0);
    assert_eq!(view["counts"]["500"], 2);
    assert_eq!(view["counts"]["503"], 0);
    assert_eq!(view["requests"]["listActivity"], 3, "faulted requests count too");
    assert_eq!(view["requests"]["teamActivity"], 3);
    assert_eq!(view["requests"]["presence"], 0);

    add_fault(&app, json!({"kind": "401", "rate": 1.0})).await;
    assert_eq!(
        get(&app, &valid(Endpoint::ChannelActivity)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn clearing_rules_keeps_counts_and_resetting_counts_keeps_rules() {
    let (app, _) = app(&[]).await;
    add_fault(&app, json!({"kind": "500"})).await;
    get(&app, &valid(Endpoint::TeamActivity)).await;
    let delete = send(&app, from_peer(request(Method::DELETE, "/__faults"), "[::1]:4000")).await;
    assert_eq!(delete.status, StatusCode::NO_CONTENT);
    assert_eq!(get(&app, &valid(Endpoint::TeamActivity)).await.status, StatusCode::OK);
    let view = faults(&app).await;
    assert!(view["rules"].as_array().unwrap().is_empty());
    assert_eq!(view["counts"]["500"], 1);

    add_fault(&app, json!({"kind": "403", "rate": 0.0})).await;
    let reset = send(
        &app,
        from_peer(
            Request::post("/__faults/reset-counts")
                .header("content-type", "application/json")
                .body(Body::empty())
                .unwrap(),
            "127.0.0.1:1",
        ),
    )
    .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    let view = faults(&app).await;
    assert_eq!(view["counts"]["500"], 0);
    assert_eq!(view["requests"]["teamActivity"], 0);
    assert_eq!(view["rules"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn bad_rules_are_400_and_say_why() {
    let (app, _) = app(&[]).await;
    for (rule, mentions) in [
        (json!({"kind": "418"}), "418"),
        (json!({"kind": "500", "endpoint": "agents"}), "agents"),
        (json!({"kind": "500", "rate": 1.5}), "rate"),
        (json!({"kind": "500", "rate": 0.5, "count": 2}), "not both"),
        (json!({"kind": "429", "retryAfter": "soon"}), "retryAfter"),
        (json!({"endpoint": "*"}), "kind"),
    ] {
        let request = Request::post("/__faults")
            .header("content-type", "application/json")
            .body(Body::from(rule.to_string()))
            .unwrap();
        let reply = send(&app, from_peer(request, "127.0.0.1:1")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{rule}");
        assert!(reply.error().contains(mentions), "{rule}: {}", reply.error());
    }
}

#[tokio::test]
async fn the_control_api_refuses_anyone_not_on_loopback() {
    let (app, _) = app(&[]).await;
    for peer in ["10.0.0.7:5000", "192.168.1.20:5000", "[2001:db8::1]:5000"] {
        let reply = send(&app, from_peer(request(Method::GET, "/__faults"), peer)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{peer}");
        let post = Request::post("/__faults")
            .body(Body::from(r#"{"kind":"500"}"#))
            .unwrap();
        assert_eq!(send(&app, from_peer(post, peer)).await.status, StatusCode::FORBIDDEN);
    }
    // Without a known peer (no ConnectInfo) it is refused too.
    assert_eq!(get(&app, "/__faults").await.status, StatusCode::FORBIDDEN);
    assert!(faults(&app).await["rules"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_control_api_refuses_relayed_rebound_and_cross_site_requests() {
    let (app, _) = app(&[]).await;
    let post = |headers: &[(&str, &str)]| {
        let mut request = Request::post("/__faults");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        from_peer(
            request.body(Body::from(r#"{"kind":"hang"}"#)).unwrap(),
            "127.0.0.1:40000",
        )
    };
    let json = ("content-type", "application/json");
    for (headers, status) in [
        // A reverse proxy on this machine relaying a remote client.
        (vec![json, ("x-forwarded-for", "203.0.113.9")], StatusCode::FORBIDDEN),
        (vec![json, ("forwarded", "for=203.0.113.9")], StatusCode::FORBIDDEN),
        // DNS rebinding: a hostile page whose name now points at 127.0.0.1.
        (vec![json, ("host", "attacker.example:8080")], StatusCode::FORBIDDEN),
        // Cross-site simple requests: a form or text/plain fetch needs no preflight.
        (vec![("content-type", "text/plain")], StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (
            vec![("content-type", "application/x-www-form-urlencoded")],
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (vec![], StatusCode::UNSUPPORTED_MEDIA_TYPE),
    ] {
        assert_eq!(send(&app, post(&headers)).await.status, status, "{headers:?}");
    }
    let rebound = from_peer(
        Request::get("/__faults")
            .header("host", "attacker.example")
            .body(Body::empty())
            .unwrap(),
        "127.0.0.1:40000",
    );
    assert_eq!(send(&app, rebound).await.status, StatusCode::FORBIDDEN);
    assert!(faults(&app).await["rules"].as_array().unwrap().is_empty());
    // What the e2e suite sends is still accepted.
    let ok = post(&[json, ("host", "127.0.0.1:8080")]);
    assert_eq!(send(&app, ok).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn the_control_api_works_over_a_real_loopback_connection() {
    let (app, _) = app(&[]).await;
    let addr = serve(app.clone()).await;
    let wire = raw_request(
        addr,
        "POST",
        "/__faults",
        r#"{"kind":"500","count":1}"#,
        Duration::from_secs(5),
    )
    .await;
    match wire {
        Wire::Closed(bytes) => assert!(
            bytes.starts_with(b"HTTP/1.1 201"),
            "{}",
            String::from_utf8_lossy(&bytes)
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        get(&app, &valid(Endpoint::TeamActivity)).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

#[tokio::test]
async fn fault_flags_are_in_force_from_the_start() {
    let (app, _) = app(&[
        "--fault",
        "429:teamActivity:count=1:retry-after=9",
        "--fault",
        "delay:presence:delay-ms=1",
    ])
    .await;
    let reply = get(&app, &valid(Endpoint::TeamActivity)).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.header("retry-after"), Some("9"));
    assert_eq!(get(&app, &valid(Endpoint::TeamActivity)).await.status, StatusCode::OK);
    assert_eq!(get(&app, &valid(Endpoint::PresenceUsers)).await.status, StatusCode::OK);
    assert_eq!(faults(&app).await["counts"]["delay"], 1);
}

#[tokio::test]
async fn the_catalogue_and_health_are_never_faulted() {
    let (app, _) = app(&["--fault", "500"]).await;
    assert_eq!(get(&app, "/floorview/v1/catalog").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
    assert_eq!(
        get(&app, &valid(Endpoint::TeamActivity)).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
}
