//! Whatever the models hold, writing and reading it back gives the same value.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use floorview_reporting::models::{QueryDataList, UsersCollection};
use floorview_reporting::{
    decode, ChannelActivityRow, ListActivity, PresenceUser, StateId, StateName, TeamActivityRow, UserActivityRow,
};
use floorview_reporting::{ChannelTypeId, InteractionTypeId};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(any::<String>())
}

fn count() -> impl Strategy<Value = Option<u32>> {
    proptest::option::of(any::<u32>())
}

fn time() -> impl Strategy<Value = Option<DateTime<FixedOffset>>> {
    let instant = (
        946_684_800i64..4_102_444_800,
        prop_oneof![Just(0u32), 0u32..1000],
        -18 * 3600i32..=18 * 3600,
    );
    proptest::option::of(instant.prop_map(|(secs, millis, offset_seconds)| {
        let utc = Utc.timestamp_opt(secs, millis * 1_000_000).single().expect("in range");
        utc.with_timezone(&FixedOffset::east_opt(offset_seconds).expect("within a day"))
    }))
}

/// A known value by index, or an unknown one that cannot be mistaken for a known one.
fn open<T: Clone + std::fmt::Debug + 'static>(
    known: &'static [T],
    other: fn(String) -> T,
) -> impl Strategy<Value = Option<T>> {
    proptest::option::of(prop_oneof![
        (0..known.len()).prop_map(move |i| known[i].clone()),
        "[a-z]{1,12}".prop_map(move |s| other(format!("zz{s}"))),
    ])
}

fn user_row() -> impl Strategy<Value = UserActivityRow> {
    (
        (
            text(),
            text(),
            text(),
            text(),
            time(),
            open(StateId::KNOWN, StateId::Other),
            open(StateName::KNOWN, StateName::Other),
        ),
        (time(), text(), text(), count(), time(), time(), count(), count()),
    )
        .prop_map(
            |((user_id, team_id, preferred_name, team_name, sign_on_time, state_id, state_name), rest)| {
                let (
                    state_start_time,
                    reason_id,
                    reason_name,
                    interaction_count,
                    sign_on_time_local,
                    state_start_time_local,
                    state_dur,
                    sign_on_dur,
                ) = rest;
                UserActivityRow {
                    user_id,
                    team_id,
                    preferred_name,
                    team_name,
                    sign_on_time,
                    state_id,
                    state_name,
                    state_start_time,
                    reason_id,
                    reason_name,
                    interaction_count,
                    sign_on_time_local,
                    state_start_time_local,
                    state_dur,
                    sign_on_dur,
                }
            },
        )
}

fn team_row() -> impl Strategy<Value = TeamActivityRow> {
    (text(), text(), proptest::collection::vec(count(), 11)).prop_map(|(team_id, team_name, c)| TeamActivityRow {
        team_id,
        team_name,
        not_ready_count: c[0],
        park_count: c[1],
        park_warning_count: c[2],
        idle_count: c[3],
        pending_active_count: c[4],
        active_count: c[5],
        wrap_count: c[6],
        wrap_warning_count: c[7],
        multi_line_count: c[8],
        hold_count: c[9],
        preview_count: c[10],
    })
}

fn channel_row() -> impl Strategy<Value = ChannelActivityRow> {
    (
        (
            open(InteractionTypeId::KNOWN, InteractionTypeId::Other),
            open(ChannelTypeId::KNOWN, ChannelTypeId::Other),
            text(),
            text(),
            time(),
        ),
        proptest::collection::vec(count(), 14),
    )
        .prop_map(
            |((interaction_type_id, channel_type_id, work_type_id, work_type_name, longest), c)| ChannelActivityRow {
                interaction_type_name: interaction_type_id.as_ref().map(|i| i.as_str().into()),
                channel_type_name: channel_type_id.as_ref().map(|i| i.as_str().into()),
                interaction_type_id,
                channel_type_id,
                work_type_id,
                work_type_name,
                longest_waiting_queue_time: longest,
                dial_count: c[0],
                active_count: c[1],
                queue_count: c[2],
                self_service_count: c[3],
                preview_count: c[4],
                hold_count: c[5],
                inactive_count: c[6],
                wrap_count: c[7],
                ring_count: c[8],
                self_service_dur: c[9],
                queue_dur: c[10],
                active_dur: c[11],
                preview_dur: c[12],
                max_queue_dur: c[13],
            },
        )
}

fn percent() -> impl Strategy<Value = Option<f64>> {
    proptest::option::of(prop_oneof![(0u32..1000).prop_map(f64::from), -1e6f64..1e6])
}

fn list() -> impl Strategy<Value = ListActivity> {
    (
        text(),
        text(),
        count(),
        count(),
        count(),
        count(),
        percent(),
        percent(),
        percent(),
        percent(),
    )
        .prop_map(|(kind, contact_list, ra, rt, ri, cb, pp, ps, lp, ls)| ListActivity {
            kind,
            contact_list,
            records_available: ra,
            records_attempted: rt,
            records_in_active: ri,
            calls_busy: cb,
            passcount_penetration: pp,
            passcount_saturation: ps,
            list_penetration: lp,
            list_saturation: ls,
        })
}

fn user() -> impl Strategy<Value = PresenceUser> {
    (text(), text(), text(), text(), text()).prop_map(
        |(user_id, first_name, last_name, ehub_session_id, email_address)| PresenceUser {
            user_id,
            first_name,
            last_name,
            ehub_session_id,
            email_address,
        },
    )
}

proptest! {
    #[test]
    fn user_activity_round_trips(rows in proptest::collection::vec(user_row(), 0..8)) {
        let list = QueryDataList::new(rows);
        let decoded = decode::user_activity(&serde_json::to_string(&list).unwrap()).unwrap();
        prop_assert!(decoded.warnings.is_empty());
        prop_assert_eq!(decoded.value, list);
    }

    #[test]
    fn team_activity_round_trips(rows in proptest::collection::vec(team_row(), 0..4)) {
        let list = QueryDataList::new(rows);
        prop_assert_eq!(decode::team_activity(&serde_json::to_string(&list).unwrap()).unwrap().value, list);
    }

    #[test]
    fn channel_activity_round_trips(rows in proptest::collection::vec(channel_row(), 0..4)) {
        let list = QueryDataList::new(rows);
        prop_assert_eq!(decode::channel_activity(&serde_json::to_string(&list).unwrap()).unwrap().value, list);
    }

    #[test]
    fn list_activity_round_trips(list in list()) {
        prop_assume!(list != ListActivity::default());
        prop_assert_eq!(decode::list_activity(&serde_json::to_string(&list).unwrap()).unwrap().value, list);
    }

    #[test]
    fn presence_round_trips(users in proptest::collection::vec(user(), 0..6)) {
        let collection = UsersCollection { kind: Some("via#presenceDataList".into()), total_items: Some(users.len() as u32), users };
        prop_assert_eq!(decode::presence_users(&serde_json::to_string(&collection).unwrap()).unwrap().value, collection);
    }

    #[test]
    fn arbitrary_text_never_panics_the_decoder(body in any::<String>()) {
        let _ = decode::team_activity(&body);
        let _ = decode::user_activity(&body);
        let _ = decode::channel_activity(&body);
        let _ = decode::list_activity(&body);
        let _ = decode::presence_users(&body);
        let _ = decode::error_message(&body);
    }
}
