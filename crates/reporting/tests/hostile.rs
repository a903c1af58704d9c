//! Hostile bodies decode without panicking, with the documented outcome:
//! odd fields become `None`, bad rows are skipped and reported, bodies that are not
//! payloads are typed errors.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use floorview_reporting::decode::{self, DecodeError, DecodeWarning};
use floorview_reporting::StateId;

fn user_rows(body: &str) -> (Vec<floorview_reporting::UserActivityRow>, Vec<DecodeWarning>) {
    let decoded = decode::user_activity(body).expect("a usable body");
    (decoded.value.rows, decoded.warnings)
}

#[test]
fn nulls_and_missing_fields_are_none() {
    let (rows, warnings) = user_rows(r#"{"rows":[{"userId":null,"stateDur":null},{}]}"#);
    assert_eq!(rows.len(), 2);
    assert!(warnings.is_empty());
    assert_eq!(rows[0].user_id, None);
    assert_eq!(rows[0].state_dur, None);
    assert_eq!(rows[1], floorview_reporting::UserActivityRow::default());
}

#[test]
fn numbers_as_strings_floats_and_strings_as_numbers_are_accepted() {
    let (rows, _) = user_rows(
        r#"{"rows":[{"userId":12345,"stateDur":"42","signOnDur":664.6,"interactionCount":" 2 ","preferredName":true}]}"#,
    );
    let row = &rows[0];
    assert_eq!(row.user_id.as_deref(), Some("12345"));
    assert_eq!(
        (row.state_dur, row.sign_on_dur, row.interaction_count),
        (Some(42), Some(665), Some(2))
    );
    assert_eq!(row.preferred_name.as_deref(), Some("true"));
}

#[test]
fn wrongly_typed_fields_become_none_without_losing_the_row() {
    let (rows, warnings) = user_rows(
        r#"{"rows":[{"userId":"a","stateDur":{"deep":[1,2,{"x":null}]},"signOnDur":[1],"stateId":{"id":"idle"},"signOnTime":false}]}"#,
    );
    assert!(warnings.is_empty());
    let row = &rows[0];
    assert_eq!(row.user_id.as_deref(), Some("a"));
    assert_eq!(
        (row.state_dur, row.sign_on_dur, &row.state_id, row.sign_on_time),
        (None, None, &None, None)
    );
}

#[test]
fn huge_and_negative_numbers_are_none_not_wrapped() {
    let (rows, _) = user_rows(
        r#"{"rows":[{"stateDur":-5,"signOnDur":99999999999999999999999,"interactionCount":4294967296,"stateDur2":1e400}]}"#,
    );
    assert_eq!(
        (rows[0].state_dur, rows[0].sign_on_dur, rows[0].interaction_count),
        (None, None, None)
    );
    let list = decode::list_activity(r#"{"listSaturation":"NaN","listPenetration":-12.5,"passcountSaturation":250}"#)
        .unwrap()
        .value;
    assert_eq!(
        (list.list_saturation, list.list_penetration, list.passcount_saturation),
        (None, Some(-12.5), Some(250.0))
    );
}

#[test]
fn unknown_fields_and_enum_values_are_kept_or_ignored() {
    let (rows, warnings) =
        user_rows(r#"{"rows":[{"stateId":"Coaching","stateName":"On Coaching","newField":{"a":1},"userId":"x"}]}"#);
    assert!(warnings.is_empty());
    assert_eq!(rows[0].state_id, Some(StateId::Other("Coaching".into())));
    assert_eq!(
        rows[0].state_name.as_ref().map(floorview_reporting::StateName::as_str),
        Some("On Coaching")
    );
}

#[test]
fn timestamps_in_every_common_form() {
    let (rows, _) = user_rows(
        r#"{"rows":[
        {"signOnTime":"2018-02-07T11:29:46Z"},
        {"signOnTime":"2018-02-07T11:29:46.123Z"},
        {"signOnTime":"2018-02-07T12:29:46+01:00"},
        {"signOnTime":"2018-02-07T12:29:46+0100"},
        {"signOnTime":"2018-02-07 11:29:46Z"},
        {"signOnTime":"2018-02-07T11:29:46"},
        {"signOnTime":1518002986},
        {"signOnTime":1518002986000},
        {"signOnTime":"yesterday"}]}"#,
    );
    let expected = chrono::DateTime::parse_from_rfc3339("2018-02-07T11:29:46Z").unwrap();
    for (i, row) in rows.iter().enumerate().take(8) {
        let t = row.sign_on_time.unwrap_or_else(|| panic!("row {i} should have a time"));
        assert_eq!(t.timestamp(), expected.timestamp(), "row {i}");
    }
    assert_eq!(rows[1].sign_on_time.unwrap().timestamp_subsec_millis(), 123);
    assert_eq!(rows[8].sign_on_time, None);
}

#[test]
fn a_row_that_is_not_an_object_is_skipped_and_its_siblings_kept() {
    let (rows, warnings) = user_rows(r#"{"totalItems":4,"rows":[{"userId":"a"},null,"x",[1],{"userId":"b"}]}"#);
    let ids: Vec<_> = rows.iter().map(|r| r.user_id.as_deref()).collect();
    assert_eq!(ids, vec![Some("a"), Some("b")]);
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    assert!(matches!(&warnings[0], DecodeWarning::RowSkipped { index: 1, .. }));
    assert!(matches!(&warnings[2], DecodeWarning::RowSkipped { index: 3, .. }));
    assert_eq!(
        warnings[3],
        DecodeWarning::TotalItemsMismatch {
            declared: 4,
            received: 2
        }
    );
}

#[test]
fn a_row_with_a_duplicated_field_is_skipped_and_reported() {
    let (rows, warnings) = user_rows(r#"{"rows":[{"userId":"a","userId":"b"},{"userId":"c"}]}"#);
    assert_eq!(rows.len(), 1);
    assert!(matches!(&warnings[0], DecodeWarning::RowSkipped { index: 0, reason } if reason.contains("duplicate")));
}

#[test]
fn rows_that_are_not_a_list_are_reported() {
    let (rows, warnings) = user_rows(r#"{"kind":"via#queryDataList","rows":{"userId":"a"}}"#);
    assert!(rows.is_empty());
    assert_eq!(warnings, vec![DecodeWarning::RowsNotAList]);
}

#[test]
fn bodies_that_are_not_payloads_are_typed_errors() {
    assert_eq!(decode::team_activity(""), Err(DecodeError::Empty));
    assert_eq!(decode::team_activity(" \n\t"), Err(DecodeError::Empty));
    assert_eq!(
        decode::team_activity("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"),
        Err(DecodeError::Html {
            title: Some("502 Bad Gateway".into())
        })
    );
    assert_eq!(
        decode::team_activity(r#"{"kind":"via#queryDataList","rows":[{"teamId":"sa"#),
        Err(DecodeError::Truncated)
    );
    assert!(matches!(
        decode::team_activity("{'rows': []}"),
        Err(DecodeError::NotJson { .. })
    ));
    assert!(matches!(
        decode::team_activity("Service Unavailable"),
        Err(DecodeError::NotJson { .. })
    ));
    assert!(matches!(
        decode::team_activity("[1,2,3]"),
        Err(DecodeError::UnexpectedShape { .. })
    ));
    assert!(matches!(
        decode::presence_users("42"),
        Err(DecodeError::UnexpectedShape { .. })
    ));
    assert!(matches!(
        decode::list_activity("\"text\""),
        Err(DecodeError::UnexpectedShape { .. })
    ));
}

#[test]
fn an_error_body_sent_with_success_is_an_error_not_an_empty_panel() {
    assert_eq!(
        decode::team_activity(r#"{"error":"Throttled"}"#),
        Err(DecodeError::ApiError {
            message: "Throttled".into()
        })
    );
    assert_eq!(
        decode::presence_users(r#"{"code":500,"message":"Internal server error"}"#),
        Err(DecodeError::ApiError {
            message: "Internal server error".into()
        })
    );
    assert_eq!(
        decode::list_activity(r#"{"error":"No ListActivity"}"#),
        Err(DecodeError::ApiError {
            message: "No ListActivity".into()
        })
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(decode::team_activity(&deep).is_err());
    let deep_field = format!(
        r#"{{"rows":[{{"teamId":{}1{}}},{{"teamId":"ok"}}]}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let decoded = decode::team_activity(&deep_field);
    // serde_json refuses nesting beyond its recursion limit for the whole document.
    assert!(
        decoded.is_err()
            || decoded
                .unwrap()
                .value
                .rows
                .iter()
                .any(|r| r.team_id.as_deref() == Some("ok"))
    );
}

#[test]
fn a_ten_megabyte_body_decodes() {
    let row = r#"{"userId":"u","preferredName":"N","stateId":"idle","stateDur":1,"padding":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#;
    let count = 10 * 1024 * 1024 / row.len() + 1;
    let body = format!(r#"{{"rows":[{}]}}"#, vec![row; count].join(","));
    assert!(body.len() >= 10 * 1024 * 1024);
    let (rows, _) = user_rows(&body);
    assert_eq!(rows.len(), count);
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let (rows, _) = user_rows("\u{feff}{\"rows\":[{\"userId\":\"a\"}]}");
    assert_eq!(rows.len(), 1);
}

#[test]
fn script_in_names_is_kept_as_text() {
    let (rows, _) = user_rows(r#"{"rows":[{"preferredName":"<script>alert(1)</script>"}]}"#);
    assert_eq!(rows[0].display_name(), "<script>alert(1)</script>");
}
