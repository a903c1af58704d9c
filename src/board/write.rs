//! A board as `config.json` writes it: what export, the saved settings and the
//! wallboard link carry, read back by [`super::parse`] to the same board.

use serde_json::{json, Map, Value};

use super::model::{Alarm, Board, Reading, Scope, Tile, TileKind, TimeOfDay, TopOf};
use super::threshold::TileLimit;
use crate::settings::number;

/// `boards` as written: every board given.
pub fn boards(boards: &[Board]) -> Value {
    Value::Array(boards.iter().map(board).collect())
}

pub fn board(b: &Board) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), json!(b.id));
    o.insert("title".into(), json!(b.title));
    o.insert("columns".into(), json!(b.columns));
    if let Some(rows) = b.rows {
        o.insert("rows".into(), json!(rows));
    }
    o.insert("tiles".into(), Value::Array(b.tiles.iter().map(tile).collect()));
    Value::Object(o)
}

fn time(t: TimeOfDay) -> Value {
    json!(t.text())
}

fn tile(t: &Tile) -> Value {
    let mut o = Map::new();
    o.insert("kind".into(), json!(t.kind.name()));
    if !t.title.is_empty() {
        o.insert("title".into(), json!(t.title));
    }
    match &t.kind {
        TileKind::Number {
            reading,
            limit,
            alarm,
            sparkline_min,
            show_change,
        } => {
            write_reading(&mut o, reading);
            write_limit(&mut o, limit, alarm);
            if *sparkline_min > 0 {
                o.insert("sparkline".into(), json!(sparkline_min));
            }
            if *show_change {
                o.insert("change".into(), json!(true));
            }
        }
        TileKind::Gauge {
            reading,
            limit,
            alarm,
            max,
        } => {
            write_reading(&mut o, reading);
            write_limit(&mut o, limit, alarm);
            o.insert("max".into(), number(*max));
        }
        TileKind::StateBar { scope } => write_scope(&mut o, scope),
        TileKind::TopList {
            of,
            scope,
            state,
            count,
        } => {
            let of = match of {
                TopOf::TimeInState => "timeInState",
                TopOf::OverLimit => "overLimit",
                TopOf::LongestWait => "longestWait",
            };
            o.insert("of".into(), json!(of));
            write_scope(&mut o, scope);
            if let Some(s) = state {
                o.insert("state".into(), json!(s));
            }
            o.insert("count".into(), json!(count));
        }
        TileKind::Clock { utc_offset_min, label } => {
            if let Some(m) = utc_offset_min {
                let sign = if *m < 0 { '-' } else { '+' };
                o.insert(
                    "utcOffset".into(),
                    json!(format!("{sign}{:02}:{:02}", m.abs() / 60, m.abs() % 60)),
                );
            }
            if !label.is_empty() {
                o.insert("label".into(), json!(label));
            }
        }
        TileKind::Countdown { to, label } => {
            o.insert("to".into(), time(*to));
            if !label.is_empty() {
                o.insert("label".into(), json!(label));
            }
        }
        TileKind::Message { text, from, until } => {
            o.insert("text".into(), json!(text));
            if let Some(f) = from {
                o.insert("from".into(), time(*f));
            }
            if let Some(u) = until {
                o.insert("until".into(), time(*u));
            }
        }
        // A tile that could not be read is written as a message saying why, so an
        // export never silently drops it.
        TileKind::Invalid { reason } => {
            o.insert("kind".into(), json!("message"));
            o.insert("text".into(), json!(reason));
        }
    }
    if let (Some(col), Some(row)) = (t.col, t.row) {
        o.insert("col".into(), json!(col));
        o.insert("row".into(), json!(row));
    }
    if t.col_span > 1 {
        o.insert("colSpan".into(), json!(t.col_span));
    }
    if t.row_span > 1 {
        o.insert("rowSpan".into(), json!(t.row_span));
    }
    Value::Object(o)
}

fn write_reading(o: &mut Map<String, Value>, r: &Reading) {
    o.insert("metric".into(), json!(r.metric.name()));
    o.insert("reduction".into(), json!(r.reduction.as_str()));
    if let Some(s) = &r.state {
        o.insert("state".into(), json!(s));
    }
    write_scope(o, &r.scope);
}

fn write_scope(o: &mut Map<String, Value>, s: &Scope) {
    let mut scope = Map::new();
    for (key, ids) in [
        ("teams", &s.teams),
        ("workTypes", &s.work_types),
        ("interactionTypes", &s.interaction_types),
        ("lists", &s.lists),
    ] {
        if !ids.is_empty() {
            scope.insert(key.into(), json!(ids));
        }
    }
    if !scope.is_empty() {
        o.insert("scope".into(), Value::Object(scope));
    }
}

fn write_limit(o: &mut Map<String, Value>, l: &TileLimit, a: &Alarm) {
    if let Some(w) = l.warn {
        o.insert("warn".into(), number(w));
    }
    if let Some(c) = l.critical {
        o.insert("critical".into(), number(c));
    }
    if l.warn.is_some() || l.critical.is_some() {
        o.insert("direction".into(), json!(l.direction.as_str()));
    }
    if l.dwell_s > 0.0 {
        o.insert("dwell".into(), number(l.dwell_s));
    }
    if l.clear_s > 0.0 {
        o.insert("clear".into(), number(l.clear_s));
    }
    if a.pulse || a.sound {
        o.insert(
            "alarm".into(),
            json!({"pulse": a.pulse, "sound": a.sound, "repeat": number(a.repeat_s)}),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::{builtin, parse};
    use crate::config::Config;

    #[test]
    fn boards_read_back_as_they_were_written() {
        let config = Config {
            work_types: vec!["sales".into(), "support".into()],
            ..Config::default()
        };
        let mut boards_in = builtin::boards(&config);
        let hand_written = json!({"id": "mine", "title": "Mine", "columns": 3, "rows": 2, "tiles": [
            {"kind": "number", "title": "Breaks", "metric": "timeInState", "state": "notReady", "reduction": "max",
             "scope": {"teams": ["a"], "interactionTypes": ["voice"]}, "warn": 900, "critical": 1800,
             "dwell": 5, "clear": 20.5, "alarm": {"sound": true, "repeat": 60}, "sparkline": 15, "change": true,
             "col": 2, "row": 1, "colSpan": 2},
            {"kind": "gauge", "metric": "listPenetration", "reduction": "mean", "max": 100, "warn": 20, "critical": 10, "direction": "below"},
            {"kind": "topList", "of": "overLimit", "count": 3, "scope": {"lists": ["x"]}},
            {"kind": "clock", "utcOffset": "-03:30", "label": "St John's"},
            {"kind": "countdown", "to": "17:30", "label": "Shift end"},
            {"kind": "message", "text": "Hi", "from": "22:00", "until": "06:00", "rowSpan": 2}
        ]});
        boards_in.extend(parse::boards(&hand_written).expect("reads").boards);
        let written = boards(&boards_in);
        let read = parse::boards(&written).expect("reads");
        assert_eq!(read.problems, Vec::<String>::new());
        assert_eq!(read.boards, boards_in);
        // And once more through text, as a file or a link carries it.
        let text = serde_json::to_string(&written).expect("serialises");
        assert_eq!(parse::boards(&Value::String(text)).expect("reads").boards, boards_in);
    }
}
