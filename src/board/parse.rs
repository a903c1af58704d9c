//! Reading boards from the settings (`boards` in config.json and saved settings),
//! leniently like every setting: numbers may come as text, durations as `10s`. A
//! board that cannot be read at all is named with the reason and the others still
//! work; a tile that cannot be read becomes a tile that says why.

use serde_json::{Map, Value};

use super::figure::Reduction;
use super::metric::{Metric, Unit};
use super::model::{Alarm, Board, Reading, Scope, Tile, TileKind, TimeOfDay, TopOf};
use super::threshold::{Direction, TileLimit};
use crate::config::values::{boolean, kind, list, number, seconds, text};

/// The most columns and rows a board may have: beyond 12 a tile on a 1280×720
/// screen is too small to read across a room.
pub const MAX_COLUMNS: u32 = 12;
pub const MAX_ROWS: u32 = 12;
/// Tiles on one board (a 12 × 12 grid of single cells is 144; more is a mistake).
pub const MAX_TILES: usize = 144;

/// Boards read from one `boards` value: the good ones, and the reason for each
/// one that could not be read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReadBoards {
    pub boards: Vec<Board>,
    pub problems: Vec<String>,
}

/// Reads a list of boards (or one board object).
pub fn boards(value: &Value) -> Result<ReadBoards, String> {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![value],
        Value::String(s) => {
            // A wallboard link carries JSON as text.
            let parsed: Value = serde_json::from_str(s).map_err(|e| format!("not JSON: {e}"))?;
            return boards(&parsed);
        }
        other => return Err(format!("expected a list of boards, found {}", kind(other))),
    };
    let mut read = ReadBoards::default();
    for (i, item) in items.into_iter().enumerate() {
        match board(item) {
            Ok(b) if read.boards.iter().any(|x| x.id == b.id) => {
                read.problems.push(format!(
                    "board {} (\"{}\"): the id is used twice; the first is kept",
                    i + 1,
                    b.id
                ));
            }
            Ok(b) => read.boards.push(b),
            Err(reason) => {
                let id = item
                    .get("id")
                    .and_then(Value::as_str)
                    .map(|id| format!(" (\"{id}\")"))
                    .unwrap_or_default();
                read.problems.push(format!("board {}{id}: {reason}", i + 1));
            }
        }
    }
    Ok(read)
}

/// A board id: what a URL fragment and a playlist entry carry unescaped.
pub fn board_id(value: &Value) -> Result<String, String> {
    let id = text(value)?;
    let ok =
        !id.is_empty() && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(id)
    } else {
        Err(format!("\"{id}\" is not a board id (1–40 letters, digits, - or _)"))
    }
}

/// One board; the reason it cannot be read starts with the key it is about.
pub fn board(value: &Value) -> Result<Board, String> {
    let Value::Object(o) = value else {
        return Err(format!("expected an object, found {}", kind(value)));
    };
    let id = board_id(o.get("id").ok_or("id: the board has no \"id\"")?).map_err(|e| keyed("id", e))?;
    let title = o
        .get("title")
        .map(text)
        .transpose()
        .map_err(|e| format!("title: {e}"))?
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| id.clone());
    let columns = o
        .get("columns")
        .map(|v| number(v, 1.0, f64::from(MAX_COLUMNS)))
        .transpose()
        .map_err(|e| format!("columns: {e}"))?;
    let rows = o
        .get("rows")
        .map(|v| number(v, 1.0, f64::from(MAX_ROWS)))
        .transpose()
        .map_err(|e| format!("rows: {e}"))?;
    let tiles = match o.get("tiles") {
        Some(Value::Array(tiles)) => tiles,
        Some(other) => return Err(format!("tiles: expected a list, found {}", kind(other))),
        None => return Err("tiles: the board has no \"tiles\"".to_owned()),
    };
    if tiles.len() > MAX_TILES {
        return Err(format!("tiles: {} tiles, more than {MAX_TILES}", tiles.len()));
    }
    let tiles: Vec<Tile> = tiles.iter().enumerate().map(|(i, t)| tile(t, i)).collect();
    // Without `columns`, a near-square grid of the tiles.
    let columns = columns.map_or_else(|| default_columns(tiles.len()), |c| c as u32);
    Ok(Board {
        id,
        title,
        columns,
        rows: rows.map(|r| r as u32),
        tiles,
    })
}

fn default_columns(tiles: usize) -> u32 {
    (1..=MAX_COLUMNS)
        .find(|c| (c * c) as usize >= tiles)
        .unwrap_or(MAX_COLUMNS)
}

/// A tile, or an [`TileKind::Invalid`] tile that names tile `index` and the reason.
fn tile(value: &Value, index: usize) -> Tile {
    let title = value.get("title").and_then(|t| text(t).ok()).unwrap_or_default();
    let placed = |key: &str| {
        value
            .get(key)
            .map(|v| number(v, 1.0, f64::from(MAX_COLUMNS.max(MAX_ROWS))).map(|n| n as u32))
    };
    let span = |key: &str, alt: &str| {
        value
            .get(key)
            .or_else(|| value.get(alt))
            .map(|v| number(v, 1.0, f64::from(MAX_COLUMNS)).map(|n| n as u32))
    };
    let parts = (|| -> Result<_, String> {
        let Value::Object(o) = value else {
            return Err(format!("expected an object, found {}", kind(value)));
        };
        let col = placed("col").transpose().map_err(|e| format!("col: {e}"))?;
        let row = placed("row").transpose().map_err(|e| format!("row: {e}"))?;
        let col_span = span("colSpan", "width")
            .transpose()
            .map_err(|e| format!("colSpan: {e}"))?
            .unwrap_or(1);
        let row_span = span("rowSpan", "height")
            .transpose()
            .map_err(|e| format!("rowSpan: {e}"))?
            .unwrap_or(1);
        Ok((tile_kind(o)?, col, row, col_span, row_span))
    })();
    match parts {
        Ok((kind, col, row, col_span, row_span)) => Tile {
            title,
            kind,
            col,
            row,
            col_span,
            row_span,
        },
        Err(reason) => Tile {
            title: if title.is_empty() {
                format!("Tile {}", index + 1)
            } else {
                title
            },
            kind: TileKind::Invalid {
                reason: format!("tile {}: {reason}", index + 1),
            },
            col: None,
            row: None,
            col_span: 1,
            row_span: 1,
        },
    }
}

fn tile_kind(o: &Map<String, Value>) -> Result<TileKind, String> {
    let kind_name = o
        .get("kind")
        .or_else(|| o.get("type"))
        .map(text)
        .transpose()
        .map_err(|e| format!("kind: {e}"))?
        .unwrap_or_else(|| "number".to_owned());
    let scope = || o.get("scope").map(scope).transpose().map(Option::unwrap_or_default);
    let state = || -> Result<Option<String>, String> {
        Ok(o.get("state")
            .map(text)
            .transpose()
            .map_err(|e| format!("state: {e}"))?
            .filter(|s| !s.is_empty())
            .map(|s| floorview_reporting::enums::normalise(&s)))
    };
    let label = || {
        o.get("label")
            .map(text)
            .transpose()
            .map(Option::unwrap_or_default)
            .map_err(|e| format!("label: {e}"))
    };
    match kind_name.to_ascii_lowercase().as_str() {
        "number" | "stat" => {
            let reading = reading(o, scope()?, state()?)?;
            Ok(TileKind::Number {
                limit: limit(o, reading.metric.unit())?,
                reading,
                alarm: alarm(o)?,
                sparkline_min: o
                    .get("sparkline")
                    .map(|v| minutes(v, 120.0))
                    .transpose()
                    .map_err(|e| format!("sparkline: {e}"))?
                    .unwrap_or(0),
                show_change: o
                    .get("change")
                    .map(boolean)
                    .transpose()
                    .map_err(|e| format!("change: {e}"))?
                    .unwrap_or(false),
            })
        }
        "gauge" | "bar" => {
            let reading = reading(o, scope()?, state()?)?;
            Ok(TileKind::Gauge {
                limit: limit(o, reading.metric.unit())?,
                reading,
                alarm: alarm(o)?,
                max: o
                    .get("max")
                    .map(|v| number(v, f64::MIN_POSITIVE, 1e9))
                    .transpose()
                    .map_err(|e| format!("max: {e}"))?
                    .unwrap_or(100.0),
            })
        }
        "statebar" => Ok(TileKind::StateBar { scope: scope()? }),
        "toplist" | "leaderboard" => Ok(TileKind::TopList {
            of: match o
                .get("of")
                .map(text)
                .transpose()
                .map_err(|e| format!("of: {e}"))?
                .unwrap_or_else(|| "timeInState".to_owned())
                .to_ascii_lowercase()
                .as_str()
            {
                "timeinstate" => TopOf::TimeInState,
                "overlimit" => TopOf::OverLimit,
                "longestwait" => TopOf::LongestWait,
                other => return Err(format!("of: \"{other}\" is not timeInState, overLimit or longestWait")),
            },
            scope: scope()?,
            state: state()?,
            count: o
                .get("count")
                .map(|v| number(v, 1.0, 20.0))
                .transpose()
                .map_err(|e| format!("count: {e}"))?
                .unwrap_or(5.0) as usize,
        }),
        "clock" => Ok(TileKind::Clock {
            utc_offset_min: o.get("utcOffset").map(utc_offset).transpose()?,
            label: label()?,
        }),
        "countdown" => Ok(TileKind::Countdown {
            to: text(o.get("to").ok_or("to: a countdown needs \"to\" (17:30)")?)
                .and_then(|t| TimeOfDay::parse(&t))
                .map_err(|e| keyed("to", e))?,
            label: label()?,
        }),
        "message" => Ok(TileKind::Message {
            text: o
                .get("text")
                .map(text)
                .transpose()
                .map_err(|e| format!("text: {e}"))?
                .unwrap_or_default(),
            from: o
                .get("from")
                .map(|v| text(v).and_then(|t| TimeOfDay::parse(&t)))
                .transpose()
                .map_err(|e| format!("from: {e}"))?,
            until: o
                .get("until")
                .map(|v| text(v).and_then(|t| TimeOfDay::parse(&t)))
                .transpose()
                .map_err(|e| format!("until: {e}"))?,
        }),
        other => Err(format!(
            "kind: \"{other}\" is not a tile kind (number, gauge, stateBar, topList, clock, countdown, message)"
        )),
    }
}

fn reading(o: &Map<String, Value>, scope: Scope, state: Option<String>) -> Result<Reading, String> {
    let metric = text(o.get("metric").ok_or("metric: the tile has no \"metric\"")?)
        .and_then(|t| Metric::parse(&t))
        .map_err(|e| keyed("metric", e))?;
    if metric.needs_state() && state.is_none() {
        return Err(format!(
            "state: metric {} needs a \"state\" (notReady, wrap, …)",
            metric.name()
        ));
    }
    if state.is_some() && !metric.takes_state() {
        return Err(format!("state: metric {} takes no \"state\"", metric.name()));
    }
    // Durations and ratios are read at their worst by default; counts are added up.
    let default = match metric.unit() {
        Unit::Duration => Reduction::Max,
        _ => Reduction::Sum,
    };
    let reduction = o
        .get("reduction")
        .map(|v| text(v).and_then(|t| Reduction::parse(&t)))
        .transpose()
        .map_err(|e| format!("reduction: {e}"))?
        .unwrap_or(default);
    Ok(Reading {
        metric,
        scope,
        state,
        reduction,
    })
}

fn scope(value: &Value) -> Result<Scope, String> {
    let Value::Object(o) = value else {
        return Err(format!("scope: expected an object, found {}", kind(value)));
    };
    let ids = |key: &str| {
        o.get(key)
            .map(list)
            .transpose()
            .map(Option::unwrap_or_default)
            .map_err(|e| format!("scope.{key}: {e}"))
    };
    for key in o.keys() {
        if !["teams", "workTypes", "interactionTypes", "lists", "contactLists"].contains(&key.as_str()) {
            return Err(format!(
                "scope: \"{key}\" is not teams, workTypes, interactionTypes or lists"
            ));
        }
    }
    let mut lists = ids("lists")?;
    lists.extend(ids("contactLists")?);
    Ok(Scope {
        teams: ids("teams")?,
        work_types: ids("workTypes")?,
        interaction_types: ids("interactionTypes")?,
        lists,
    })
}

/// A tile's thresholds; those of a duration may be written as one (`2m`).
fn limit(o: &Map<String, Value>, unit: Unit) -> Result<TileLimit, String> {
    let value = |key: &str| {
        o.get(key)
            .map(|v| match unit {
                Unit::Duration => seconds(v, -1e12, 1e12),
                _ => number(v, -1e12, 1e12),
            })
            .transpose()
            .map_err(|e| format!("{key}: {e}"))
    };
    let limit = TileLimit {
        warn: value("warn")?,
        critical: value("critical")?,
        direction: o
            .get("direction")
            .map(|v| text(v).and_then(|t| Direction::parse(&t)))
            .transpose()
            .map_err(|e| format!("direction: {e}"))?
            .unwrap_or_default(),
        dwell_s: o
            .get("dwell")
            .map(|v| seconds(v, 0.0, 3600.0))
            .transpose()
            .map_err(|e| format!("dwell: {e}"))?
            .unwrap_or(0.0),
        clear_s: o
            .get("clear")
            .map(|v| seconds(v, 0.0, 3600.0))
            .transpose()
            .map_err(|e| format!("clear: {e}"))?
            .unwrap_or(0.0),
    };
    limit.check().map_err(|e| format!("critical: {e}"))?;
    Ok(limit)
}

fn alarm(o: &Map<String, Value>) -> Result<Alarm, String> {
    let Some(value) = o.get("alarm") else {
        return Ok(Alarm::default());
    };
    match value {
        // `"alarm": true`: pulse and sound once.
        Value::Bool(_) | Value::String(_) => {
            let on = boolean(value).map_err(|e| format!("alarm: {e}"))?;
            Ok(Alarm {
                pulse: on,
                sound: on,
                repeat_s: 0.0,
            })
        }
        Value::Object(a) => Ok(Alarm {
            pulse: a
                .get("pulse")
                .map(boolean)
                .transpose()
                .map_err(|e| format!("alarm.pulse: {e}"))?
                .unwrap_or(true),
            sound: a
                .get("sound")
                .map(boolean)
                .transpose()
                .map_err(|e| format!("alarm.sound: {e}"))?
                .unwrap_or(false),
            repeat_s: a
                .get("repeat")
                .map(|v| seconds(v, 0.0, 3600.0))
                .transpose()
                .map_err(|e| format!("alarm.repeat: {e}"))?
                .unwrap_or(0.0),
        }),
        other => Err(format!(
            "alarm: expected true, false or an object, found {}",
            kind(other)
        )),
    }
}

/// `reason` named by `key`, unless it already is: an editor shows each reason
/// beside the field it is about.
fn keyed(key: &str, reason: String) -> String {
    if reason.starts_with(&format!("{key}:")) {
        reason
    } else {
        format!("{key}: {reason}")
    }
}

/// Minutes from a number or `15m` / `1h` text.
fn minutes(value: &Value, max: f64) -> Result<u32, String> {
    let s = match value {
        Value::String(s) if s.trim().ends_with(['m', 'h', 's']) => seconds(value, 0.0, max * 60.0)? / 60.0,
        _ => number(value, 0.0, max)?,
    };
    Ok(s.round() as u32)
}

/// `+01:00`, `-05:30`, or minutes east of UTC.
fn utc_offset(value: &Value) -> Result<i32, String> {
    if let Value::Number(_) = value {
        return number(value, -840.0, 840.0).map(|n| n as i32);
    }
    let t = text(value)?;
    let bad = || format!("utcOffset: \"{t}\" is not like +01:00");
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => return Err(bad()),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m) = (
        h.parse::<i32>().map_err(|_| bad())?,
        m.parse::<i32>().map_err(|_| bad())?,
    );
    if (0..=14).contains(&h) && (0..60).contains(&m) {
        Ok(sign * (h * 60 + m))
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::metric::ChannelField;
    use serde_json::json;

    #[test]
    fn a_board_reads_with_its_tiles_and_their_defaults() {
        let read = boards(&json!([{
            "id": "sales-floor",
            "title": "Sales floor",
            "columns": "3",
            "tiles": [
                {"kind": "number", "title": "Waiting", "metric": "queue", "scope": {"workTypes": "sales,support"},
                 "warn": 5, "critical": "15", "dwell": "10s", "clear": "1m", "alarm": {"sound": true, "repeat": "30s"}},
                {"title": "Longest wait", "metric": "longestWait", "colSpan": 2},
                {"kind": "gauge", "metric": "occupancy", "warn": 90},
                {"kind": "clock", "utcOffset": "-05:30", "label": "Chennai"},
                {"kind": "message", "text": "Fire drill at 11", "from": "09:00", "until": "11:00"}
            ]
        }]))
        .expect("a list");
        assert_eq!(read.problems, Vec::<String>::new());
        let b = &read.boards[0];
        assert_eq!(
            (b.id.as_str(), b.title.as_str(), b.columns, b.rows),
            ("sales-floor", "Sales floor", 3, None)
        );
        let TileKind::Number {
            reading, limit, alarm, ..
        } = &b.tiles[0].kind
        else {
            panic!("a number")
        };
        assert_eq!(reading.metric, Metric::Channel(ChannelField::Queue));
        assert_eq!(reading.scope.work_types, ["sales", "support"]);
        assert_eq!(reading.reduction, Reduction::Sum);
        assert_eq!(
            (limit.warn, limit.critical, limit.dwell_s, limit.clear_s),
            (Some(5.0), Some(15.0), 10.0, 60.0)
        );
        assert_eq!((alarm.pulse, alarm.sound, alarm.repeat_s), (true, true, 30.0));
        // Kind defaults to number; a duration to its maximum.
        let TileKind::Number { reading, .. } = &b.tiles[1].kind else {
            panic!("a number")
        };
        assert_eq!(reading.reduction, Reduction::Max);
        assert_eq!(b.tiles[1].col_span, 2);
        assert!(matches!(
            b.tiles[3].kind,
            TileKind::Clock {
                utc_offset_min: Some(-330),
                ..
            }
        ));
    }

    #[test]
    fn a_bad_tile_says_why_and_the_board_still_works() {
        let read = boards(&json!([{"id": "b", "tiles": [
            {"metric": "queue"},
            {"metric": "serviceLevel", "title": "SL"},
            {"kind": "number", "metric": "agentsInState"},
            {"kind": "number", "metric": "queue", "warn": 20, "critical": 10},
            {"kind": "sparkle"}
        ]}]))
        .expect("a list");
        let b = &read.boards[0];
        let reasons: Vec<String> = b
            .tiles
            .iter()
            .filter_map(|t| match &t.kind {
                TileKind::Invalid { reason } => Some(reason.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(reasons.len(), 4, "{reasons:?}");
        assert!(reasons[0].starts_with("tile 2: metric: \"serviceLevel\" is not a metric"));
        assert!(reasons[1].contains("needs a \"state\""));
        assert!(reasons[2].contains("warn 20 is above critical 10"));
        assert!(reasons[3].contains("\"sparkle\" is not a tile kind"));
        assert_eq!(b.tiles[1].title, "SL");
    }

    #[test]
    fn a_bad_board_is_named_and_the_others_are_kept() {
        let read = boards(&json!([
            {"id": "ok", "tiles": []},
            {"id": "bad id!", "tiles": []},
            {"id": "wide", "columns": 40, "tiles": []},
            {"title": "no id", "tiles": []},
            "nonsense",
            {"id": "ok", "tiles": []}
        ]))
        .expect("a list");
        assert_eq!(read.boards.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(), ["ok"]);
        assert_eq!(read.problems.len(), 5, "{:?}", read.problems);
        assert!(read.problems[0].starts_with("board 2 (\"bad id!\")"));
        assert!(read.problems[1].contains("columns: 40 is outside 1–12"));
        assert!(read.problems[2].contains("no \"id\""));
        assert!(read.problems[4].contains("used twice"));
        assert!(boards(&json!(3)).is_err());
    }

    #[test]
    fn a_board_without_columns_is_near_square() {
        let tiles = |n: usize| json!({"id": "x", "tiles": vec![json!({"kind": "clock"}); n]});
        let columns = |n| boards(&tiles(n)).expect("reads").boards[0].columns;
        assert_eq!([columns(1), columns(4), columns(5), columns(24)], [1, 2, 3, 5]);
    }
}
