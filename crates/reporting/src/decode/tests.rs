//! The fast path never disagrees with the careful one: whenever [`layout`] reads a
//! body, the careful path reads the same rows from it with nothing overlooked. Bodies are generated near the API's layout and then bent:
//! whitespace, field order, unknown and repeated keys, escapes, odd numbers, values
//! of the wrong kind, rows that are not objects, broken JSON.

use proptest::prelude::*;

use super::layout::Fields;
use super::*;
use crate::models::{PresenceUser, UserActivityRow};

/// A JSON value as text, from the kinds the API sends and, when `odd` weighs
/// anything, the kinds it should not.
fn value(odd: u32) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just("null".to_owned()),
        6 => "[a-zA-Z0-9 _#@.'-]{0,12}".prop_map(|s| format!("\"{s}\"")),
        odd => "[a-zé ]{0,4}(\\\\\"|\\\\\\\\|\\\\n|\\\\u00e9|\\\\/)[a-z]{0,4}".prop_map(|s| format!("\"{s}\"")),
        3 => (0u64..100_000).prop_map(|n| n.to_string()),
        4 => prop_oneof![
            Just("2026-11-02T09:00:00Z"),
            Just("2026-11-02T09:00:00+05:30"),
            Just("2026-11-02 09:00:00"),
            Just(" 2026-11-02T09:00:00Z "),
            Just("2026-02-30T09:00:00Z"),
            Just("2026-11-02T09:00:00.250Z"),
        ]
        .prop_map(|s| format!("\"{s}\"")),
        3 => prop_oneof![
            Just("active"),
            Just("Not Ready"),
            Just("notready"),
            Just("Coaching"),
            Just("InboundEmail")
        ]
        .prop_map(|s| format!("\"{s}\"")),
        odd => prop_oneof![
            Just("0"),
            Just("-0"),
            Just("-5"),
            Just("01"),
            Just("1.5"),
            Just("2.0"),
            Just("1e3"),
            Just("4294967296"),
            Just("18446744073709551615"),
            Just("18446744073709551616"),
            Just("99999999999999999999999"),
            Just("true"),
            Just("false"),
            Just("[]"),
            Just("{\"a\":1}"),
            Just("nul"),
            Just("\"\\ud800\""),
            Just("\"tab\tinside\""),
        ]
        .prop_map(str::to_owned),
    ]
}

/// Whitespace as a JSON writer might put it between tokens, or none.
fn gap() -> impl Strategy<Value = &'static str> {
    prop_oneof![8 => Just(""), 1 => Just(" "), 1 => Just("\n  "), 1 => Just("\t\r\n")]
}

/// One member `"key": value` of a row: mostly the row's own names.
fn member(names: &'static [&'static str], odd: u32) -> impl Strategy<Value = String> {
    let key = prop_oneof![
        12 => proptest::sample::select(names).prop_map(str::to_owned),
        odd => Just("unknownField".to_owned()),
        odd => Just("user\\u0049d".to_owned()),
        odd => Just(String::new()),
    ];
    (key, gap(), gap(), value(odd)).prop_map(|(key, a, b, value)| format!("\"{key}\"{a}:{b}{value}"))
}

/// A row: usually an object of members in the API's order, sometimes shuffled,
/// repeated or not an object at all.
fn row(names: &'static [&'static str], odd: u32) -> impl Strategy<Value = String> {
    let in_order = proptest::collection::vec((value(odd), gap()), names.len()).prop_map(move |values| {
        let members: Vec<String> = names
            .iter()
            .zip(values)
            .map(|(name, (value, gap))| format!("\"{name}\":{gap}{value}"))
            .collect();
        format!("{{{}}}", members.join(","))
    });
    let any_members = (proptest::collection::vec(member(names, odd), 0..8), gap())
        .prop_map(|(members, gap)| format!("{{{gap}{}{gap}}}", members.join(&format!("{gap},"))));
    prop_oneof![
        6 => in_order,
        3 => any_members,
        odd => prop_oneof![Just("null"), Just("7"), Just("\"row\""), Just("[]"), Just("{")].prop_map(str::to_owned),
    ]
}

/// A list body: `kind`, `totalItems` and the rows under `key`, in any order, with
/// now and then something else around them. Half are bent only in ways the layout
/// reader should take, so both outcomes are well covered.
fn body(names: &'static [&'static str], key: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        body_with(names, key, 0),
        body_with(names, key, 1),
        body_with(names, key, 3)
    ]
}

fn body_with(names: &'static [&'static str], key: &'static str, odd: u32) -> impl Strategy<Value = String> {
    let rows = prop_oneof![
        8 => (proptest::collection::vec(row(names, odd), 0..5), gap())
            .prop_map(|(rows, gap)| format!("[{gap}{}{gap}]", rows.join(","))),
        odd => prop_oneof![Just("null"), Just("{}"), Just("\"rows\""), Just("[")].prop_map(str::to_owned),
    ];
    let members = (
        prop_oneof![Just("\"via#queryDataList\""), Just("null"), Just("7")],
        prop_oneof![Just("0"), Just("2"), Just("\"3\""), Just("null"), Just("-1")],
        rows,
    )
        .prop_map(move |(kind, total, rows)| {
            vec![
                format!("\"kind\":{kind}"),
                format!("\"totalItems\":{total}"),
                format!("\"{key}\":{rows}"),
            ]
        });
    let extra = prop_oneof![
        6 => Just(None),
        odd => Just(Some("\"other\":[1,{\"a\":null}]".to_owned())),
        odd => Just(Some(format!("\"{key}\":[]"))),
        odd => Just(Some("\"kind\":\"again\"".to_owned())),
    ];
    let ending = prop_oneof![8 => Just(""), 1 => Just(" \n"), odd => Just(" x"), odd => Just(",")];
    (members, extra, any::<bool>(), gap(), ending).prop_map(|(mut members, extra, reverse, gap, ending)| {
        if reverse {
            members.reverse();
        }
        members.extend(extra);
        format!("{{{gap}{}{gap}}}{ending}", members.join(&format!(",{gap}")))
    })
}

fn careful<Row: serde::de::DeserializeOwned>(json: &str, key: ListKey) -> Result<RowList<Row>, DecodeError> {
    careful::read(json, key)
}

/// Whatever the layout reader reads, the careful path reads identically. Returns
/// whether the layout reader read it.
fn agree<Row>(json: &str, key: ListKey) -> Result<bool, TestCaseError>
where
    Row: serde::de::DeserializeOwned + layout::Fields + PartialEq + std::fmt::Debug,
{
    let Some(fast) = layout::read::<Row>(json, key.name()) else {
        return Ok(false);
    };
    prop_assert_eq!(Ok(fast), careful::<Row>(json, key), "layout, {}", json);
    Ok(true)
}

/// The simulator's `userActivity` (with `tz_offset`) and `presence/users` bodies
/// after `seconds` of a small floor from `seed`.
fn simulator_bodies(seed: u64, seconds: i64, tz_offset: &str) -> Vec<(crate::Endpoint, String)> {
    use crate::sim::{SimConfig, Simulator};
    use crate::{Endpoint, Query};
    let start = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 2, 9, 0, 0)
        .single()
        .expect("a valid date");
    let config = SimConfig {
        seed,
        teams: 2,
        agents_per_team: 15,
        ..SimConfig::default()
    };
    let mut sim = Simulator::new(config, start).expect("a small floor");
    sim.advance_to(start + chrono::Duration::seconds(seconds));
    let team = sim.catalog().teams[0].team_id.clone();
    [
        (
            Endpoint::UserActivity,
            vec![("teamId", team.as_str()), ("tzOffset", tz_offset)],
        ),
        (Endpoint::PresenceUsers, vec![("state", "LoggedOn")]),
    ]
    .into_iter()
    .map(|(endpoint, params)| {
        let query = Query::new(endpoint, "demo", params).expect("a valid query");
        let body = sim.body(&query).expect("a body for a known team");
        (endpoint, String::from_utf8(body).expect("UTF-8"))
    })
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn fast_user_activity_reads_agree_with_the_careful_path(json in body(UserActivityRow::NAMES, "rows")) {
        agree::<UserActivityRow>(&json, ListKey::Rows)?;
    }

    #[test]
    fn fast_presence_reads_agree_with_the_careful_path(json in body(PresenceUser::NAMES, "users")) {
        agree::<PresenceUser>(&json, ListKey::Users)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The agreement above would hold if the layout reader declined every body, so
    /// here it must take every body the simulator (and so the proxy) writes.
    #[test]
    fn the_simulators_bodies_take_the_layout_path(
        seed in any::<u64>(),
        seconds in 0i64..20_000,
        tz in prop_oneof![Just("+00:00"), Just("+05:45"), Just("-03:30")],
    ) {
        for (endpoint, body) in simulator_bodies(seed, seconds, tz) {
            let (read, rows) = match endpoint {
                crate::Endpoint::UserActivity => (
                    agree::<UserActivityRow>(&body, ListKey::Rows)?,
                    layout::read::<UserActivityRow>(&body, "rows").map_or(0, |l| l.rows.len()),
                ),
                _ => (
                    agree::<PresenceUser>(&body, ListKey::Users)?,
                    layout::read::<PresenceUser>(&body, "users").map_or(0, |l| l.rows.len()),
                ),
            };
            prop_assert!(read && rows > 0, "{}: {}", endpoint, body);
        }
    }
}
