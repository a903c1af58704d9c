//! Writing JSON values by hand, exactly as `serde_json` writes them, for the bodies in
//! [`super::body`].

use chrono::DateTime;

use super::agent::SimAgent;
use super::snapshot::email_address;
use super::timestamp::{format_timestamp, write_time_parts, TextBuffer};

/// The parts of an agent's rows that never change, as ready-made JSON. Every poll
/// writes them, so they are escaped once, when the floor is populated, and each
/// row starts and ends with a single copy.
#[derive(Debug, Clone)]
pub(super) struct AgentJson {
    /// `{"userId":…,"teamId":…,"preferredName":…,"teamName":…,"signOnTime":`
    pub user_row_head: Box<[u8]>,
    /// `{"userId":…,"firstName":…,"lastName":…,"ehubSessionId":"`
    pub presence_head: Box<[u8]>,
    /// `","emailAddress":…}`
    pub presence_tail: Box<[u8]>,
}

impl AgentJson {
    /// The fixed parts for `agent`, a member of the team with this id and name.
    pub fn new(agent: &SimAgent, team_id: &str, team_name: &str) -> AgentJson {
        let mut user_row_head = b"{\"userId\":".to_vec();
        write_str(&mut user_row_head, &agent.user_id);
        user_row_head.extend_from_slice(b",\"teamId\":");
        write_str(&mut user_row_head, team_id);
        user_row_head.extend_from_slice(b",\"preferredName\":");
        write_str(&mut user_row_head, &agent.preferred_name);
        user_row_head.extend_from_slice(b",\"teamName\":");
        write_str(&mut user_row_head, team_name);
        user_row_head.extend_from_slice(b",\"signOnTime\":");

        let mut presence_head = b"{\"userId\":".to_vec();
        write_str(&mut presence_head, &agent.user_id);
        presence_head.extend_from_slice(b",\"firstName\":");
        write_str(&mut presence_head, agent.first_name);
        presence_head.extend_from_slice(b",\"lastName\":");
        write_str(&mut presence_head, agent.last_name);
        // The session id is a number written as text; the row writes its digits.
        presence_head.extend_from_slice(b",\"ehubSessionId\":\"");

        let mut presence_tail = b"\",\"emailAddress\":".to_vec();
        write_str(&mut presence_tail, &email_address(&agent.user_id));
        presence_tail.push(b'}');

        AgentJson {
            user_row_head: user_row_head.into(),
            presence_head: presence_head.into(),
            presence_tail: presence_tail.into(),
        }
    }
}

/// A JSON string as `serde_json` writes it: as it is when nothing needs escaping (the
/// usual case, checked without copying), else escaped by `serde_json` itself.
pub(super) fn write_str(out: &mut Vec<u8>, s: &str) {
    // serde_json escapes only control characters, quotes and backslashes.
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing a string into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// An optional string: `null` for `None`, as serde writes it.
pub(super) fn write_optional_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => write_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// An optional count: `null` for `None`, as serde writes it.
pub(super) fn write_count(out: &mut Vec<u8>, n: Option<u32>) {
    match n {
        Some(n) => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
}

/// A number's digits, with no quotes.
pub(super) fn write_digits(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Writes the times of one body in the API's form (see
/// [`super::timestamp::format_timestamp`]). They share an offset and nearly all one
/// date, so those are spelled once, by the same code that spells any timestamp, and
/// each time then costs only its hours, minutes and seconds.
pub(super) struct TimeWriter {
    offset_seconds: i32,
    /// The local day `text` spells, in days since 1970-01-01.
    day: Option<i64>,
    /// `"yyyy-mm-ddThh:mm:ss±hh:mm:ss"` at most: the last day's date and the offset,
    /// quotes included; the clock is written over positions 12..20 for each time.
    text: [u8; 32],
    /// How much of `text` a time takes; 0 when only chrono can spell the year.
    len: usize,
}

const SECONDS_PER_DAY: i64 = 86_400;
/// Where the clock (`hh:mm:ss`) sits in [`TimeWriter::text`].
const CLOCK: std::ops::Range<usize> = 12..20;

impl TimeWriter {
    pub fn new(offset_seconds: i32) -> TimeWriter {
        TimeWriter {
            offset_seconds,
            day: None,
            text: [0; 32],
            len: 0,
        }
    }

    /// The instant `unix_seconds`, seen at the writer's offset.
    pub fn write(&mut self, out: &mut Vec<u8>, unix_seconds: i64) {
        let local = unix_seconds + i64::from(self.offset_seconds);
        let day = local.div_euclid(SECONDS_PER_DAY);
        if self.day != Some(day) {
            self.spell_day(day);
        }
        if self.len == 0 {
            write_time_slowly(out, unix_seconds, self.offset_seconds);
            return;
        }
        let second_of_day = local.rem_euclid(SECONDS_PER_DAY) as u32;
        let clock = &mut self.text[CLOCK];
        for (at, value) in [
            (0, second_of_day / 3600),
            (3, second_of_day / 60 % 60),
            (6, second_of_day % 60),
        ] {
            clock[at] = b'0' + (value / 10) as u8;
            clock[at + 1] = b'0' + (value % 10) as u8;
        }
        out.extend_from_slice(&self.text[..self.len]);
    }

    /// Spells midnight of `day` in full, keeping its date and its offset.
    fn spell_day(&mut self, day: i64) {
        self.day = Some(day);
        self.len = 0;
        let mut spelt = TextBuffer::default();
        let midnight = day.saturating_mul(SECONDS_PER_DAY);
        if write_time_parts(&mut spelt, midnight, 0, self.offset_seconds) {
            let spelt = spelt.as_bytes();
            // `yyyy-mm-ddThh:mm:ss` and at most `±hh:mm:ss`: the fast form's widths.
            if let Some(inner) = self.text.get_mut(1..=spelt.len()) {
                inner.copy_from_slice(spelt);
                self.text[0] = b'"';
                self.text[spelt.len() + 1] = b'"';
                self.len = spelt.len() + 2;
            }
        }
    }
}

/// The instant `unix_seconds` seen at `offset_seconds` east of UTC, through chrono:
/// for years it alone can spell. An instant it cannot hold at all is null, as the
/// snapshot's `None` would be.
fn write_time_slowly(out: &mut Vec<u8>, unix_seconds: i64, offset_seconds: i32) {
    let t = DateTime::from_timestamp(unix_seconds, 0)
        .zip(chrono::FixedOffset::east_opt(offset_seconds))
        .map(|(t, offset)| t.with_timezone(&offset));
    match t {
        Some(t) => write_str(out, &format_timestamp(&t)),
        None => out.extend_from_slice(b"null"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{FixedOffset, TimeZone};

    use super::*;

    #[test]
    fn text_is_escaped_exactly_as_serde_json_escapes_it() {
        for s in [
            "",
            "plain",
            "O'Brien",
            "Zoë Łukasz",
            "a \"quoted\" name",
            "back\\slash",
            "tab\tand\nnewline",
            "\u{1}\u{1f}\u{7f}",
            "</script>",
        ] {
            let mut out = Vec::new();
            write_str(&mut out, s);
            assert_eq!(out, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn times_are_written_as_the_models_write_them() {
        for (unix, offset) in [
            (0, 0),
            (1_793_000_000, 19_800),
            (1_793_000_000, -3 * 3600),
            (1_793_000_000, 3723),
            (-62_200_000_000, 0),
            (300_000_000_000, -60),
            (253_402_300_799, 0),
            (253_402_300_799, 3600),
            (-62_167_219_200, -60),
        ] {
            let t = FixedOffset::east_opt(offset).unwrap().timestamp_opt(unix, 0).unwrap();
            let mut writer = TimeWriter::new(offset);
            for _ in 0..2 {
                let mut out = Vec::new();
                writer.write(&mut out, unix);
                assert_eq!(out, serde_json::to_vec(&format_timestamp(&t)).unwrap(), "{t}");
            }
        }
    }
}
