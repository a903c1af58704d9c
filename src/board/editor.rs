//! The board editor's form (`#/board/ID/edit`): a board as the text of its fields,
//! checked as typed by the very reader `config.json` is read by ([`super::parse`]),
//! each reason shown beside the field it is about. Drawn by `web::board::editor`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::metric::METRICS;
use super::model::{Board, TileKind};
use super::{parse, write};

/// How a field is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Text,
    /// One of fixed choices: (value, label); the value `""` leaves the key out.
    Choice(&'static [(&'static str, &'static str)]),
    /// One of the metrics ([`METRICS`]).
    Metric,
    /// On or off.
    Toggle,
}

/// One field of a tile: its key in `config.json` (a dotted path for the keys of
/// `scope` and `alarm`), its label, and the kinds of tile that have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub input: Input,
    /// The tile kinds the field belongs to; empty: every kind.
    pub kinds: &'static [&'static str],
}

/// The tile kinds, as config names them, with their labels.
pub const KINDS: &[(&str, &str)] = &[
    ("number", "Number"),
    ("gauge", "Gauge"),
    ("stateBar", "State bar"),
    ("topList", "Top list"),
    ("clock", "Clock"),
    ("countdown", "Countdown"),
    ("message", "Message"),
];

const FIGURES: &[&str] = &["number", "gauge"];
const SCOPED: &[&str] = &["number", "gauge", "stateBar", "topList"];

/// Every field a tile can have, in form order.
pub const FIELDS: &[Field] = &[
    Field {
        key: "kind",
        label: "Kind",
        hint: "",
        input: Input::Choice(KINDS),
        kinds: &[],
    },
    Field {
        key: "title",
        label: "Title",
        hint: "",
        input: Input::Text,
        kinds: &[],
    },
    Field {
        key: "metric",
        label: "Metric",
        hint: "",
        input: Input::Metric,
        kinds: FIGURES,
    },
    Field {
        key: "state",
        label: "Agent state",
        hint: "For the metrics of one state, and a top list: notReady, wrap, idle…",
        input: Input::Text,
        kinds: &["number", "gauge", "topList"],
    },
    Field {
        key: "reduction",
        label: "Reduction",
        hint: "How the scope's figures become one.",
        input: Input::Choice(&[
            ("", "The metric's own"),
            ("sum", "Sum"),
            ("max", "Largest"),
            ("min", "Smallest"),
            ("mean", "Mean"),
            ("count", "Count"),
        ]),
        kinds: FIGURES,
    },
    Field {
        key: "of",
        label: "List of",
        hint: "",
        input: Input::Choice(&[
            ("timeInState", "Agents longest in a state"),
            ("overLimit", "Agents over their limit"),
            ("longestWait", "Queues with the longest wait"),
        ]),
        kinds: &["topList"],
    },
    Field {
        key: "count",
        label: "Lines",
        hint: "1–20",
        input: Input::Text,
        kinds: &["topList"],
    },
    Field {
        key: "scope.teams",
        label: "Teams",
        hint: "Ids, comma-separated; empty: every team.",
        input: Input::Text,
        kinds: SCOPED,
    },
    Field {
        key: "scope.workTypes",
        label: "Work types",
        hint: "Ids, comma-separated; empty: every work type.",
        input: Input::Text,
        kinds: &["number", "gauge", "topList"],
    },
    Field {
        key: "scope.interactionTypes",
        label: "Interaction types",
        hint: "voice, email…; empty: all.",
        input: Input::Text,
        kinds: FIGURES,
    },
    Field {
        key: "scope.lists",
        label: "Contact lists",
        hint: "Empty: every list.",
        input: Input::Text,
        kinds: FIGURES,
    },
    Field {
        key: "warn",
        label: "▲ High at",
        hint: "",
        input: Input::Text,
        kinds: FIGURES,
    },
    Field {
        key: "critical",
        label: "◆ Critical at",
        hint: "",
        input: Input::Text,
        kinds: FIGURES,
    },
    Field {
        key: "direction",
        label: "Bad when",
        hint: "",
        input: Input::Choice(&[("above", "High"), ("below", "Low")]),
        kinds: FIGURES,
    },
    Field {
        key: "dwell",
        label: "Dwell",
        hint: "How long a level must hold before it shows: 30s, 2m.",
        input: Input::Text,
        kinds: FIGURES,
    },
    Field {
        key: "clear",
        label: "Clear",
        hint: "How long a level must be gone before it clears.",
        input: Input::Text,
        kinds: FIGURES,
    },
    Field {
        key: "alarm.pulse",
        label: "Pulse on critical",
        hint: "",
        input: Input::Toggle,
        kinds: FIGURES,
    },
    Field {
        key: "alarm.sound",
        label: "Sound on critical",
        hint: "",
        input: Input::Toggle,
        kinds: FIGURES,
    },
    Field {
        key: "alarm.repeat",
        label: "Repeat the sound every",
        hint: "Empty or 0: once.",
        input: Input::Text,
        kinds: FIGURES,
    },
    Field {
        key: "sparkline",
        label: "Sparkline minutes",
        hint: "0–120; empty: none.",
        input: Input::Text,
        kinds: &["number"],
    },
    Field {
        key: "change",
        label: "Change since opened",
        hint: "",
        input: Input::Toggle,
        kinds: &["number"],
    },
    Field {
        key: "max",
        label: "Full bar at",
        hint: "Empty: 100.",
        input: Input::Text,
        kinds: &["gauge"],
    },
    Field {
        key: "utcOffset",
        label: "UTC offset",
        hint: "+01:00; empty: this screen's time.",
        input: Input::Text,
        kinds: &["clock"],
    },
    Field {
        key: "to",
        label: "Counts down to",
        hint: "17:30",
        input: Input::Text,
        kinds: &["countdown"],
    },
    Field {
        key: "label",
        label: "Label",
        hint: "",
        input: Input::Text,
        kinds: &["clock", "countdown"],
    },
    Field {
        key: "text",
        label: "Message",
        hint: "",
        input: Input::Text,
        kinds: &["message"],
    },
    Field {
        key: "from",
        label: "Shown from",
        hint: "08:00; empty: always.",
        input: Input::Text,
        kinds: &["message"],
    },
    Field {
        key: "until",
        label: "Shown until",
        hint: "17:00",
        input: Input::Text,
        kinds: &["message"],
    },
    Field {
        key: "colSpan",
        label: "Width (columns)",
        hint: "",
        input: Input::Text,
        kinds: &[],
    },
    Field {
        key: "rowSpan",
        label: "Height (rows)",
        hint: "",
        input: Input::Text,
        kinds: &[],
    },
    Field {
        key: "col",
        label: "Column",
        hint: "Empty: the next free cell.",
        input: Input::Text,
        kinds: &[],
    },
    Field {
        key: "row",
        label: "Row",
        hint: "",
        input: Input::Text,
        kinds: &[],
    },
];

/// The board's own fields.
pub const BOARD_FIELDS: &[(&str, &str, &str)] = &[
    ("id", "Id", "In #/board/ID: letters, digits, - and _."),
    ("title", "Title", ""),
    ("columns", "Columns", "1–12"),
    ("rows", "Rows", "Empty: as many as the tiles need."),
];

impl Field {
    /// Whether a tile of `kind` has the field.
    pub fn belongs_to(&self, kind: &str) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }

    /// The metric choices: every metric, with what it counts.
    pub fn metric_choices() -> impl Iterator<Item = (&'static str, &'static str)> {
        METRICS.iter().map(|(name, _, _, about)| (*name, *about))
    }
}

/// The fields a tile of `kind` shows.
pub fn fields_of(kind: &str) -> impl Iterator<Item = &'static Field> + '_ {
    FIELDS.iter().filter(move |f| f.belongs_to(kind))
}

/// One tile of the form. `key` stays with the tile as it moves, so the page can
/// keep its fields (and the focus) in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileDraft {
    pub key: u32,
    values: BTreeMap<&'static str, String>,
}

impl TileDraft {
    /// The text of a field (`""` when empty).
    pub fn get(&self, key: &str) -> &str {
        self.values.get(key).map_or("", String::as_str)
    }

    pub fn kind(&self) -> &str {
        match self.get("kind") {
            "" => "number",
            k => k,
        }
    }
}

/// What a field is: the board's own, or one of tile `key`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Board(&'static str),
    Tile(u32, &'static str),
}

/// The form of one board.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BoardDraft {
    board: BTreeMap<&'static str, String>,
    pub tiles: Vec<TileDraft>,
    next_key: u32,
}

/// The form checked: the board it makes, or the reasons it does not, by field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Checked {
    pub board: Option<Board>,
    pub errors: Vec<(Target, String)>,
}

impl Checked {
    /// The reason field `target` is refused, if it is.
    pub fn error(&self, target: Target) -> Option<&str> {
        self.errors.iter().find(|(t, _)| *t == target).map(|(_, e)| e.as_str())
    }
}

impl BoardDraft {
    /// The form filled in from `board`, through its `config.json` form, so the
    /// fields read as a hand-written file would.
    pub fn from_board(board: &Board) -> BoardDraft {
        let mut d = BoardDraft::default();
        let json = write::board(board);
        for (key, _, _) in BOARD_FIELDS {
            if let Some(v) = json.get(*key) {
                d.board.insert(key, field_text(v));
            }
        }
        for tile in json.get("tiles").and_then(Value::as_array).into_iter().flatten() {
            let key = d.new_key();
            let mut values = BTreeMap::new();
            for f in FIELDS {
                let value = match f.key.split_once('.') {
                    Some((outer, inner)) => tile.get(outer).and_then(|o| o.get(inner)),
                    None => tile.get(f.key),
                };
                if let Some(v) = value {
                    values.insert(f.key, field_text(v));
                }
            }
            d.tiles.push(TileDraft { key, values });
        }
        d
    }

    /// A new board with no tiles.
    pub fn blank(id: &str) -> BoardDraft {
        let mut d = BoardDraft::default();
        d.board.insert("id", id.to_owned());
        d.board.insert("title", id.to_owned());
        d.board.insert("columns", "3".to_owned());
        d
    }

    fn new_key(&mut self) -> u32 {
        self.next_key += 1;
        self.next_key
    }

    /// The text of one of the board's fields.
    pub fn board_field(&self, key: &str) -> &str {
        self.board.get(key).map_or("", String::as_str)
    }

    /// Sets a field of the board or of a tile.
    pub fn set(&mut self, target: Target, text: String) {
        match target {
            Target::Board(key) => {
                self.board.insert(key, text);
            }
            Target::Tile(tile, key) => {
                if let Some(t) = self.tiles.iter_mut().find(|t| t.key == tile) {
                    t.values.insert(key, text);
                }
            }
        }
    }

    /// Adds a number tile of the floor's signed-on agents at the end, as a start
    /// the user changes; returns its key.
    pub fn add_tile(&mut self) -> u32 {
        let key = self.new_key();
        let values = BTreeMap::from([
            ("kind", "number".to_owned()),
            ("title", format!("Tile {}", self.tiles.len() + 1)),
            ("metric", "signedOn".to_owned()),
        ]);
        self.tiles.push(TileDraft { key, values });
        key
    }

    pub fn remove_tile(&mut self, key: u32) {
        self.tiles.retain(|t| t.key != key);
    }

    /// Moves a tile `by` places (negative: earlier), within the board; the grid
    /// places tiles in this order.
    pub fn move_tile(&mut self, key: u32, by: isize) {
        let Some(from) = self.tiles.iter().position(|t| t.key == key) else {
            return;
        };
        let to = from.saturating_add_signed(by).min(self.tiles.len() - 1);
        let tile = self.tiles.remove(from);
        self.tiles.insert(to, tile);
    }

    /// Position of tile `key` (0-based).
    pub fn index_of(&self, key: u32) -> Option<usize> {
        self.tiles.iter().position(|t| t.key == key)
    }

    pub fn tile(&self, key: u32) -> Option<&TileDraft> {
        self.tiles.iter().find(|t| t.key == key)
    }

    /// The board as `config.json` would hold it, fields as typed: the reader
    /// accepts numbers and durations as text, so it judges them as it judges a file.
    pub fn to_json(&self) -> Value {
        let mut o = Map::new();
        for (key, _, _) in BOARD_FIELDS {
            let text = self.board_field(key).trim();
            if !text.is_empty() {
                o.insert((*key).into(), Value::from(text));
            }
        }
        o.insert("tiles".into(), self.tiles.iter().map(tile_json).collect());
        Value::Object(o)
    }

    /// Checks every field; `taken` are the ids of other boards, which a new id
    /// must not replace unawares.
    pub fn check(&self, taken: &[String]) -> Checked {
        let mut checked = Checked::default();
        let board = match parse::board(&self.to_json()) {
            Ok(b) => b,
            Err(reason) => {
                let (key, why) = split_reason(&reason, BOARD_FIELDS.iter().map(|(k, _, _)| *k), "id");
                checked.errors.push((Target::Board(key), why));
                return checked;
            }
        };
        if taken.contains(&board.id) {
            checked.errors.push((
                Target::Board("id"),
                format!("another board is \"{}\": choose another id", board.id),
            ));
        }
        for (tile, draft) in board.tiles.iter().zip(&self.tiles) {
            if let TileKind::Invalid { reason } = &tile.kind {
                // "tile 3: warn: …": the tile is known here; the key says which field.
                let reason = reason.split_once(": ").map_or(reason.as_str(), |(_, r)| r);
                let (key, why) = split_reason(reason, FIELDS.iter().map(|f| f.key), "kind");
                checked.errors.push((Target::Tile(draft.key, key), why));
            }
        }
        if checked.errors.is_empty() {
            checked.board = Some(board);
        }
        checked
    }
}

/// A tile as `config.json` holds it: the fields of its kind that are filled in.
fn tile_json(tile: &TileDraft) -> Value {
    let kind = tile.kind();
    let mut o = Map::new();
    let mut scope = Map::new();
    let mut alarm = Map::new();
    for f in fields_of(kind) {
        let text = tile.get(f.key).trim();
        if text.is_empty() {
            continue;
        }
        let value = match f.input {
            Input::Toggle => Value::Bool(text == "true"),
            _ => Value::from(text),
        };
        match f.key.split_once('.') {
            Some(("scope", inner)) => {
                scope.insert(inner.into(), value);
            }
            Some(("alarm", inner)) => {
                alarm.insert(inner.into(), value);
            }
            _ => {
                o.insert(f.key.into(), value);
            }
        }
    }
    if !scope.is_empty() {
        o.insert("scope".into(), Value::Object(scope));
    }
    // Pulse and sound both off is no alarm: the reader's default pulse is on.
    let on = |k: &str| alarm.get(k) == Some(&Value::Bool(true));
    if on("pulse") || on("sound") {
        alarm.insert("pulse".into(), Value::Bool(on("pulse")));
        o.insert("alarm".into(), Value::Object(alarm));
    }
    Value::Object(o)
}

/// A JSON value as a field shows it: lists comma-separated, true/false as such.
fn field_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items.iter().map(field_text).collect::<Vec<_>>().join(", "),
        Value::Null | Value::Object(_) => String::new(),
    }
}

/// Splits `"warn: 20 is above …"` into the field it names and the reason; a
/// reason that names no field goes to `fallback`.
fn split_reason(
    reason: &str,
    keys: impl Iterator<Item = &'static str>,
    fallback: &'static str,
) -> (&'static str, String) {
    let named = keys
        .filter(|k| reason.strip_prefix(k).is_some_and(|rest| rest.starts_with(':')))
        .max_by_key(|k| k.len());
    match named {
        Some(k) => (k, reason[k.len() + 1..].trim().to_owned()),
        None => (fallback, reason.to_owned()),
    }
}

/// An id no board has yet: `board-1`, `board-2`, …
pub fn fresh_id(taken: &[String]) -> String {
    // One more than there are boards is enough to find a free one.
    (1..=taken.len() + 1)
        .map(|n| format!("board-{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or_default()
}

/// The saved settings with `board` in their `boards`, in the place of the board
/// that was `replacing` (or of its own id), else at the end.
pub fn save_into(saved: &Value, board: &Board, replacing: &str) -> Value {
    let mut saved = match saved {
        Value::Object(o) => o.clone(),
        _ => Map::new(),
    };
    let mut list = boards_of(&saved);
    let written = write::board(board);
    let same = |b: &Value| {
        b.get("id")
            .and_then(Value::as_str)
            .is_some_and(|id| id == replacing || id == board.id)
    };
    match list.iter().position(same) {
        Some(at) => {
            list[at] = written;
            let mut i = 0;
            list.retain(|b| {
                i += 1;
                i - 1 == at || !same(b)
            });
        }
        None => list.push(written),
    }
    saved.insert("boards".into(), Value::Array(list));
    Value::Object(saved)
}

/// The saved settings without the board `id`.
pub fn remove_from(saved: &Value, id: &str) -> Value {
    let Value::Object(saved) = saved else {
        return Value::Null;
    };
    let mut saved = saved.clone();
    let mut list = boards_of(&saved);
    list.retain(|b| b.get("id").and_then(Value::as_str) != Some(id));
    if list.is_empty() {
        saved.remove("boards");
    } else {
        saved.insert("boards".into(), Value::Array(list));
    }
    Value::Object(saved)
}

/// Whether the saved settings hold a board `id` (one this browser can remove).
pub fn saved_has(saved: &Value, id: &str) -> bool {
    let Value::Object(saved) = saved else {
        return false;
    };
    boards_of(saved)
        .iter()
        .any(|b| b.get("id").and_then(Value::as_str) == Some(id))
}

/// The saved `boards` as a list, also when a wallboard link left them as JSON text.
fn boards_of(saved: &Map<String, Value>) -> Vec<Value> {
    match saved.get("boards") {
        Some(Value::Array(items)) => items.clone(),
        Some(Value::Object(one)) => vec![Value::Object(one.clone())],
        Some(Value::String(text)) => match serde_json::from_str(text) {
            Ok(Value::Array(items)) => items,
            Ok(one @ Value::Object(_)) => vec![one],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::board::builtin;
    use crate::config::Config;

    fn floor() -> Board {
        let config = Config {
            teams: vec!["sales".into(), "support".into()],
            work_types: vec!["wt1".into()],
            ..Config::default()
        };
        builtin::boards(&config).remove(0)
    }

    #[test]
    fn a_board_read_into_the_form_and_checked_is_the_same_board() {
        let board = floor();
        let draft = BoardDraft::from_board(&board);
        let checked = draft.check(&[]);
        assert_eq!(checked.errors, []);
        assert_eq!(checked.board, Some(board));
    }

    #[test]
    fn a_board_built_field_by_field_is_what_config_json_would_read() {
        let mut d = BoardDraft::blank("mine");
        let wait = d.add_tile();
        d.set(Target::Tile(wait, "metric"), "longestWait".into());
        d.set(Target::Tile(wait, "warn"), "30".into());
        // A duration's limit may be written as one.
        d.set(Target::Tile(wait, "critical"), "2m".into());
        d.set(Target::Tile(wait, "dwell"), "30s".into());
        d.set(Target::Tile(wait, "alarm.sound"), "true".into());
        d.set(Target::Tile(wait, "scope.workTypes"), "wt1, wt2".into());
        let clock = d.add_tile();
        d.set(Target::Tile(clock, "kind"), "clock".into());
        // A field of another kind, left over from before the kind changed, is not written.
        d.set(Target::Tile(clock, "warn"), "nonsense".into());
        let checked = d.check(&[]);
        assert_eq!(checked.errors, []);
        let board = checked.board.expect("a board");
        assert_eq!(board.columns, 3);
        assert_eq!(board.tiles.len(), 2);
        let (reading, limit, alarm) = board.tiles[0].kind.limit().expect("a figure");
        assert_eq!(reading.scope.work_types, ["wt1", "wt2"]);
        assert_eq!(
            (limit.warn, limit.critical, limit.dwell_s),
            (Some(30.0), Some(120.0), 30.0)
        );
        assert!(alarm.sound && !alarm.pulse);
        assert_eq!(board.tiles[1].kind.name(), "clock");
        // Read back, the form is the same.
        let again = BoardDraft::from_board(&board).check(&[]);
        assert_eq!(again.board.as_ref(), Some(&board));
    }

    #[test]
    fn each_reason_is_beside_the_field_it_is_about() {
        let mut d = BoardDraft::blank("mine");
        let a = d.add_tile();
        d.set(Target::Tile(a, "warn"), "20".into());
        d.set(Target::Tile(a, "critical"), "10".into());
        let b = d.add_tile();
        d.set(Target::Tile(b, "metric"), "serviceLevel".into());
        let c = d.add_tile();
        d.set(Target::Tile(c, "kind"), "countdown".into());
        let e = d.add_tile();
        d.set(Target::Tile(e, "metric"), "agentsInState".into());
        let f = d.add_tile();
        d.set(Target::Tile(f, "scope.teams"), "sales".into());
        d.set(Target::Tile(f, "dwell"), "soon".into());
        let checked = d.check(&[]);
        assert!(checked.board.is_none());
        let said = |t, k| checked.error(Target::Tile(t, k)).unwrap_or("").to_owned();
        assert!(
            said(a, "critical").contains("warn 20 is above critical 10"),
            "{checked:?}"
        );
        assert!(said(b, "metric").contains("\"serviceLevel\" is not a metric"));
        assert!(said(c, "to").contains("needs \"to\""));
        assert!(said(e, "state").contains("needs a \"state\""));
        assert!(said(f, "dwell").contains("\"soon\" is not a duration"));
        assert_eq!(checked.errors.len(), 5);

        let mut bad = BoardDraft::blank("no spaces please");
        bad.set(Target::Board("columns"), "40".into());
        let said = bad.check(&[]);
        assert!(said
            .error(Target::Board("id"))
            .is_some_and(|e| e.contains("not a board id")));
        let mut wide = BoardDraft::blank("ok");
        wide.set(Target::Board("columns"), "40".into());
        assert!(wide
            .check(&[])
            .error(Target::Board("columns"))
            .is_some_and(|e| e.contains("outside 1–12")));
        assert!(wide.check(&["ok".into()]).error(Target::Board("columns")).is_some());
        let taken = BoardDraft::blank("floor").check(&["floor".into()]);
        assert!(taken
            .error(Target::Board("id"))
            .is_some_and(|e| e.contains("another board")));
    }

    #[test]
    fn tiles_move_and_go_and_keep_their_keys() {
        let mut d = BoardDraft::blank("b");
        let keys: Vec<u32> = (0..4).map(|_| d.add_tile()).collect();
        let order = |d: &BoardDraft| d.tiles.iter().map(|t| t.key).collect::<Vec<_>>();
        d.move_tile(keys[0], 1);
        assert_eq!(order(&d), [keys[1], keys[0], keys[2], keys[3]]);
        d.move_tile(keys[3], -10);
        assert_eq!(order(&d), [keys[3], keys[1], keys[0], keys[2]]);
        d.move_tile(keys[2], 5);
        assert_eq!(order(&d)[3], keys[2]);
        d.remove_tile(keys[1]);
        assert_eq!(order(&d), [keys[3], keys[0], keys[2]]);
        // A new tile never takes a removed one's key.
        assert!(!keys.contains(&d.add_tile()));
    }

    #[test]
    fn saving_replaces_the_board_in_its_place_and_keeps_the_other_settings() {
        let saved = json!({"theme": "dark", "boards": [{"id": "a", "tiles": []}, {"id": "b", "tiles": []}]});
        let mut board = floor();
        board.id = "b2".into();
        // Renamed from b: b's place, b gone.
        let after = save_into(&saved, &board, "b");
        assert_eq!(after["theme"], "dark");
        let ids: Vec<&str> = after["boards"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|b| b["id"].as_str())
            .collect();
        assert_eq!(ids, ["a", "b2"]);
        // New: at the end; into nothing saved: a list of one.
        board.id = "c".into();
        assert_eq!(
            save_into(&after, &board, "c")["boards"].as_array().map(Vec::len),
            Some(3)
        );
        assert_eq!(save_into(&Value::Null, &board, "c")["boards"][0]["id"], "c");
        // A link's boards, kept as JSON text, are read as a list.
        let linked = json!({"boards": "[{\"id\":\"x\",\"tiles\":[]}]"});
        assert_eq!(
            save_into(&linked, &board, "c")["boards"].as_array().map(Vec::len),
            Some(2)
        );
        assert!(saved_has(&after, "b2") && !saved_has(&after, "b"));
        let removed = remove_from(&after, "b2");
        assert!(!saved_has(&removed, "b2") && saved_has(&removed, "a"));
        assert_eq!(remove_from(&json!({"boards": [{"id": "a"}]}), "a"), json!({}));
    }

    #[test]
    fn fresh_ids_skip_the_taken_ones() {
        assert_eq!(fresh_id(&[]), "board-1");
        assert_eq!(fresh_id(&["board-1".into(), "board-3".into()]), "board-2");
    }

    #[test]
    fn every_key_the_form_offers_is_one_the_reader_knows() {
        // Each field filled in with nonsense is refused by name: a field the reader
        // ignored would be a field the user types into for nothing. Free text (titles,
        // states, ids of a scope) and switches have no nonsense.
        let free = |f: &Field| {
            matches!(f.key, "title" | "label" | "text" | "kind" | "state")
                || f.key.starts_with("scope.")
                || f.input == Input::Toggle
        };
        for f in FIELDS.iter().filter(|f| !free(f)) {
            let kind = f.kinds.first().copied().unwrap_or("number");
            let mut d = BoardDraft::blank("b");
            let t = d.add_tile();
            d.set(Target::Tile(t, "kind"), kind.into());
            d.set(Target::Tile(t, "to"), "17:00".into());
            // A repeat is the sound's.
            d.set(Target::Tile(t, "alarm.sound"), "true".into());
            d.set(Target::Tile(t, f.key), "~nonsense~".into());
            let checked = d.check(&[]);
            assert!(
                checked.error(Target::Tile(t, f.key)).is_some(),
                "{}: {checked:?}",
                f.key
            );
        }
    }
}
