//! Every example payload in the spec decodes to exactly its values.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::DateTime;
use floorview_reporting::decode::{self, DecodeWarning};
use floorview_reporting::models::{ErrorResponse, ErrorResponseItem, ErrorResponseObj};
use floorview_reporting::{ChannelTypeId, ChannelTypeName, InteractionTypeId, InteractionTypeName, StateId, StateName};

// The models' timestamps are optional, so the examples' values are `Some`.
#[allow(clippy::unnecessary_wraps)]
fn time(s: &str) -> Option<DateTime<chrono::FixedOffset>> {
    Some(DateTime::parse_from_rfc3339(s).expect("test timestamps are valid"))
}

#[test]
fn list_activity_example() {
    let body = r#"{"kind":"via#listActivity","contactList":"ContactList1","recordsAvailable":100,"recordsAttempted":100,
        "recordsInActive":100,"callsBusy":25,"passcountPenetration":30,"passcountSaturation":70,"listPenetration":70,"listSaturation":40}"#;
    let decoded = decode::list_activity(body).unwrap();
    let list = decoded.value;
    assert!(decoded.warnings.is_empty());
    assert_eq!(list.kind.as_deref(), Some("via#listActivity"));
    assert_eq!(list.contact_list.as_deref(), Some("ContactList1"));
    assert_eq!(
        (
            list.records_available,
            list.records_attempted,
            list.records_in_active,
            list.calls_busy
        ),
        (Some(100), Some(100), Some(100), Some(25))
    );
    assert_eq!(
        (list.passcount_penetration, list.passcount_saturation),
        (Some(30.0), Some(70.0))
    );
    assert_eq!((list.list_penetration, list.list_saturation), (Some(70.0), Some(40.0)));
}

#[test]
fn team_activity_example_keeps_its_row_and_reports_the_total_mismatch() {
    let body = r#"{"kind":"via#queryDataList","totalItems":2,"rows":[{"teamId":"salesTeam","teamName":"Sales Team",
        "notReadyCount":0,"parkCount":0,"parkWarningCount":0,"idleCount":1,"pendingActiveCount":0,"activeCount":0,
        "wrapCount":0,"wrapWarningCount":0,"multiLineCount":0,"holdCount":0,"previewCount":0}]}"#;
    let decoded = decode::team_activity(body).unwrap();
    assert_eq!(
        decoded.warnings,
        vec![DecodeWarning::TotalItemsMismatch {
            declared: 2,
            received: 1
        }]
    );
    let list = decoded.value;
    assert_eq!(
        (list.kind.as_deref(), list.total_items),
        (Some("via#queryDataList"), Some(2))
    );
    let row = &list.rows[0];
    assert_eq!(
        (row.team_id.as_deref(), row.team_name.as_deref()),
        (Some("salesTeam"), Some("Sales Team"))
    );
    assert_eq!(row.idle_count, Some(1));
    let zeros = [
        row.not_ready_count,
        row.park_count,
        row.park_warning_count,
        row.pending_active_count,
        row.active_count,
        row.wrap_count,
        row.wrap_warning_count,
        row.multi_line_count,
        row.hold_count,
        row.preview_count,
    ];
    assert!(zeros.iter().all(|c| *c == Some(0)));
    assert_eq!(row.signed_on(), 1);
}

#[test]
fn user_activity_example() {
    let body = r#"{"kind":"via#queryDataList","totalItems":2,"rows":[{"userId":"Keran123","teamId":"salseTeam",
        "preferredName":"Keran Bloggs","teamName":"Sales team","signOnTime":"2018-02-07T11:29:46Z","stateId":"active",
        "stateName":"Active","stateStartTime":"2018-02-07T11:29:46Z","reasonId":"break","reasonName":"","interactionCount":1,
        "signOnTimeLocal":"2018-02-07T11:29:46-07:00","stateStartTimeLocal":"2018-02-07T11:29:46-07:00","stateDur":5,"signOnDur":664}]}"#;
    let decoded = decode::user_activity(body).unwrap();
    assert_eq!(
        decoded.warnings,
        vec![DecodeWarning::TotalItemsMismatch {
            declared: 2,
            received: 1
        }]
    );
    let row = &decoded.value.rows[0];
    assert_eq!(row.user_id.as_deref(), Some("Keran123"));
    assert_eq!(row.team_id.as_deref(), Some("salseTeam"));
    assert_eq!(row.preferred_name.as_deref(), Some("Keran Bloggs"));
    assert_eq!(row.team_name.as_deref(), Some("Sales team"));
    assert_eq!(row.sign_on_time, time("2018-02-07T11:29:46Z"));
    assert_eq!(row.state_id, Some(StateId::Active));
    assert_eq!(row.state_name, Some(StateName::Active));
    assert_eq!(row.state_start_time, time("2018-02-07T11:29:46Z"));
    assert_eq!(
        (row.reason_id.as_deref(), row.reason_name.as_deref()),
        (Some("break"), Some(""))
    );
    assert_eq!(row.interaction_count, Some(1));
    assert_eq!(row.sign_on_time_local, time("2018-02-07T11:29:46-07:00"));
    assert_eq!(
        row.sign_on_time_local.map(|t| t.offset().local_minus_utc()),
        Some(-7 * 3600)
    );
    assert_eq!(row.state_start_time_local, time("2018-02-07T11:29:46-07:00"));
    assert_eq!((row.state_dur, row.sign_on_dur), (Some(5), Some(664)));
    assert_eq!(row.display_name(), "Keran Bloggs");
}

#[test]
fn channel_activity_example_with_its_off_list_enum_spellings() {
    let body = r#"{"kind":"via#queryDataList","totalItems":2,"rows":[{"interactionTypeId":"InboundEmail","channelTypeId":"email",
        "workTypeId":"worktype30_id","interactionTypeName":"Inbound Email","channelTypeName":"Email","workTypeName":"workType30",
        "dialCount":0,"activeCount":0,"queueCount":0,"selfServiceCount":0,"previewCount":0,"holdCount":0,"inactiveCount":0,
        "wrapCount":0,"ringCount":0,"longestWaitingQueueTime":"2018-02-07T11:29:46Z","selfServiceDur":5,"queueDur":5,
        "activeDur":0,"previewDur":0,"maxQueueDur":0}]}"#;
    let decoded = decode::channel_activity(body).unwrap();
    let row = &decoded.value.rows[0];
    assert_eq!(row.interaction_type_id, Some(InteractionTypeId::InboundEmail));
    assert_eq!(row.channel_type_id, Some(ChannelTypeId::Email));
    assert_eq!(row.work_type_id.as_deref(), Some("worktype30_id"));
    assert_eq!(row.interaction_type_name, Some(InteractionTypeName::InboundEmail));
    assert_eq!(row.channel_type_name, Some(ChannelTypeName::Email));
    assert_eq!(row.work_type_name.as_deref(), Some("workType30"));
    let zeros = [
        row.dial_count,
        row.active_count,
        row.queue_count,
        row.self_service_count,
        row.preview_count,
        row.hold_count,
        row.inactive_count,
        row.wrap_count,
        row.ring_count,
        row.active_dur,
        row.preview_dur,
        row.max_queue_dur,
    ];
    assert!(zeros.iter().all(|c| *c == Some(0)));
    assert_eq!(row.longest_waiting_queue_time, time("2018-02-07T11:29:46Z"));
    assert_eq!((row.self_service_dur, row.queue_dur), (Some(5), Some(5)));
}

#[test]
fn users_collection_example_with_a_numeric_session_id() {
    let body = r#"{"kind":"via#presenceDataList","users":[{"userId":"Keran123","firstName":"Mahesh","lastName":"Kumar",
        "ehubSessionId":2323,"emailAddress":"agent@alvaria.com"}],"totalItems":1}"#;
    let decoded = decode::presence_users(body).unwrap();
    assert!(decoded.warnings.is_empty());
    let users = decoded.value;
    assert_eq!(
        (users.kind.as_deref(), users.total_items),
        (Some("via#presenceDataList"), Some(1))
    );
    let user = &users.users[0];
    assert_eq!(user.user_id.as_deref(), Some("Keran123"));
    assert_eq!(
        (user.first_name.as_deref(), user.last_name.as_deref()),
        (Some("Mahesh"), Some("Kumar"))
    );
    assert_eq!(user.ehub_session_id.as_deref(), Some("2323"));
    assert_eq!(user.email_address.as_deref(), Some("agent@alvaria.com"));
    assert_eq!(user.display_name(), "Mahesh Kumar");
}

#[test]
fn error_response_example() {
    let body = r#"{"error": "Bad Request"}"#;
    assert_eq!(
        serde_json::from_str::<ErrorResponse>(body).unwrap(),
        ErrorResponse {
            error: Some("Bad Request".into())
        }
    );
    assert_eq!(decode::error_message(body).as_deref(), Some("Bad Request"));
}

#[test]
fn error_response_obj_example_whose_errors_is_a_string() {
    let body = r#"{"code": 404, "message": "Not Found", "errors": "errors"}"#;
    let obj: ErrorResponseObj = serde_json::from_str(body).unwrap();
    assert_eq!(obj.code, Some(404));
    assert_eq!(obj.message.as_deref(), Some("Not Found"));
    assert_eq!(
        obj.errors,
        vec![ErrorResponseItem {
            message: Some("errors".into()),
            ..Default::default()
        }]
    );
    assert_eq!(decode::error_message(body).as_deref(), Some("Not Found: errors"));
}

#[test]
fn error_response_item_example() {
    let body = r#"{"code": 400, "message": "Bad Request", "errors": [{"scope": "scope", "reason": "reason", "message": "message"}]}"#;
    let obj: ErrorResponseObj = serde_json::from_str(body).unwrap();
    let expected = ErrorResponseItem {
        scope: Some("scope".into()),
        reason: Some("reason".into()),
        message: Some("message".into()),
    };
    assert_eq!(obj.errors, vec![expected]);
}
