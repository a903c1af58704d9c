//! The fastest path, for the two per-agent bodies as the API (and the simulator)
//! lays them out: an envelope of `kind`, `totalItems` and the row list, rows of
//! known fields whose values are plain text, whole numbers or `null`.
//!
//! A 10,000-agent `userActivity` body holds 150,000 keys. `serde_json` reads every key
//! as a string and matches it; this reader first checks for the key that usually
//! comes next, in place, and reads values with no intermediate step. It reads a strict
//! subset of JSON and gives up (`None`) at anything else: an escape or control
//! character in a string, a key it does not know or has seen in that object, a
//! fraction, exponent, sign or leading zero in a number, `true`/`false`, a nested
//! value, a missing list. The caller then decodes the body the general way, so
//! giving up only costs time. What it does read, it reads as serde would: each value
//! goes through the same lenient decoders ([`crate::lenient`]) as the serde models.

use super::RowList;
use crate::lenient::Lenient;

/// A row type this reader can fill.
pub(super) trait Fields: Default {
    /// The wire names of the fields, in the order the API writes them; at most 64.
    const NAMES: &'static [&'static str];

    /// Stores `value` as the field named `NAMES[index]`.
    fn set(&mut self, index: usize, value: Value<'_>);
}

/// A value this reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Value<'a> {
    Null,
    /// A string without escapes, as it stands between its quotes.
    Text(&'a str),
    /// A whole number of at most 19 digits (so within `u64`).
    Whole(u64),
}

impl Value<'_> {
    /// What the lenient decoder `L` makes of this value, exactly as when serde hands
    /// it the same value (a string, an unsigned integer, or unit for `null`).
    pub fn read<L: Lenient>(self) -> Option<L::Value> {
        match self {
            Value::Null => None,
            Value::Text(s) => L::text(s),
            Value::Whole(n) => L::unsigned(n),
        }
    }
}

/// Reads `json`, an object of `kind`, `totalItems` and the row list under
/// `list_key`, in any order; `None` to fall back.
pub(super) fn read<Row: Fields>(json: &str, list_key: &str) -> Option<RowList<Row>> {
    let mut reader = Reader { json, at: 0 };
    let (mut kind, mut total_items, mut rows) = (None, None, None);
    reader.expect(b'{')?;
    if !reader.next_is(b'}') {
        loop {
            let key = reader.string()?;
            reader.expect(b':')?;
            match key {
                "kind" if kind.is_none() => kind = Some(reader.value()?.read::<crate::lenient::text::Text>()),
                "totalItems" if total_items.is_none() => {
                    total_items = Some(reader.value()?.read::<crate::lenient::count::Count>());
                }
                _ if key == list_key && rows.is_none() => {
                    let expected = total_items.flatten().map_or(0, |n| n as usize);
                    rows = Some(reader.rows::<Row>(expected)?);
                }
                _ => return None,
            }
            if reader.next_is(b',') {
                continue;
            }
            reader.expect(b'}')?;
            break;
        }
    }
    reader.skip_whitespace();
    if reader.at != json.len() {
        return None;
    }
    Some(RowList {
        kind: kind.flatten(),
        total_items: total_items.flatten(),
        rows: rows?,
        warnings: Vec::new(),
    })
}

/// Fewer bytes than any real row takes (a `userActivity` row takes about 400, a
/// presence row about 150); bounds the room made for rows up front.
const MIN_ROW_BYTES: usize = 100;

struct Reader<'a> {
    json: &'a str,
    /// Byte offset of the next unread byte.
    at: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.json.as_bytes().get(self.at).copied()
    }

    /// JSON's whitespace: space, tab, line feed, carriage return.
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Consumes `byte`, after any whitespace, if it comes next.
    fn next_is(&mut self, byte: u8) -> bool {
        self.skip_whitespace();
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.next_is(byte).then_some(())
    }

    /// A string without escapes or control characters; its opening quote comes next.
    fn string(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        self.rest_of_string()
    }

    /// The rest of a string whose opening quote has been read.
    fn rest_of_string(&mut self) -> Option<&'a str> {
        let start = self.at;
        let length = plain_run(&self.json.as_bytes()[start..]);
        if self.json.as_bytes().get(start + length) != Some(&b'"') {
            return None;
        }
        self.at = start + length + 1;
        self.json.get(start..start + length)
    }

    /// `null`, a string or a whole number.
    // Inlined: returned through memory, the value stalls the row loop that reads it.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn value(&mut self) -> Option<Value<'a>> {
        self.skip_whitespace();
        match self.peek()? {
            b'"' => {
                self.at += 1;
                self.rest_of_string().map(Value::Text)
            }
            b'n' if self.json.as_bytes()[self.at..].starts_with(b"null") => {
                self.at += 4;
                Some(Value::Null)
            }
            b'0'..=b'9' => self.whole_number(),
            _ => None,
        }
    }

    fn whole_number(&mut self) -> Option<Value<'a>> {
        let digits = &self.json.as_bytes()[self.at..];
        let length = digits.iter().take_while(|b| b.is_ascii_digit()).count();
        // A leading zero is not JSON; a fraction or exponent makes a float, and more
        // digits might not fit: all for serde to judge.
        let leading_zero = length > 1 && digits[0] == b'0';
        if leading_zero || length > 19 || matches!(digits.get(length), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        let n = digits[..length].iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
        self.at += length;
        Some(Value::Whole(n))
    }

    /// A list of rows, room made for `expected` of them (`totalItems`, when it came
    /// first); its opening bracket comes next.
    fn rows<Row: Fields>(&mut self, expected: usize) -> Option<Vec<Row>> {
        self.expect(b'[')?;
        // Growing a list of 10,000 rows copies it over and over; but `totalItems` is
        // only a claim, so no more room than the rest of the body could fill with
        // rows of a realistic size.
        let room = (self.json.len() - self.at) / MIN_ROW_BYTES;
        let mut rows = Vec::with_capacity(expected.min(room));
        if self.next_is(b']') {
            return Some(rows);
        }
        loop {
            // Filled where it will stay: a row is hundreds of bytes to move.
            rows.push(Row::default());
            self.row(rows.last_mut()?)?;
            if self.next_is(b',') {
                continue;
            }
            self.expect(b']')?;
            return Some(rows);
        }
    }

    /// One row into `row`: an object of known fields, each at most once.
    fn row<Row: Fields>(&mut self, row: &mut Row) -> Option<()> {
        self.expect(b'{')?;
        if self.next_is(b'}') {
            return Some(());
        }
        let mut seen = 0u64;
        let mut next = 0;
        loop {
            let index = self.key(Row::NAMES, next)?;
            let bit = 1u64.checked_shl(u32::try_from(index).ok()?)?;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            self.expect(b':')?;
            row.set(index, self.value()?);
            next = index + 1;
            if self.next_is(b',') {
                continue;
            }
            return self.expect(b'}');
        }
    }

    /// The index in `names` of the key that comes next, trying `names[expected]`
    /// first, in place: keys nearly always come in the same order.
    fn key(&mut self, names: &[&str], expected: usize) -> Option<usize> {
        self.expect(b'"')?;
        let rest = &self.json.as_bytes()[self.at..];
        if let Some(name) = names.get(expected) {
            if rest.starts_with(name.as_bytes()) && rest.get(name.len()) == Some(&b'"') {
                self.at += name.len() + 1;
                return Some(expected);
            }
        }
        let key = self.rest_of_string()?;
        names.iter().position(|name| *name == key)
    }
}

/// How many bytes come before the first quote, backslash or control character (the
/// bytes that end or complicate a JSON string), eight at a time: most of a body's
/// bytes are inside strings.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::MAX / 255;
    const HIGH_BITS: u64 = ONES << 7;
    // Marks each byte of `word` that is zero with its high bit. A borrow may also mark
    // bytes above a true zero, never below one, so the lowest mark is exact.
    let zero_bytes = |word: u64| word.wrapping_sub(ONES) & !word & HIGH_BITS;
    let mut chunks = bytes.chunks_exact(8);
    let mut skipped = 0;
    for chunk in chunks.by_ref() {
        let Ok(eight) = <[u8; 8]>::try_from(chunk) else { break };
        let word = u64::from_le_bytes(eight);
        let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH_BITS;
        let found =
            zero_bytes(word ^ (ONES * u64::from(b'"'))) | zero_bytes(word ^ (ONES * u64::from(b'\\'))) | control;
        if found != 0 {
            return skipped + (found.trailing_zeros() / 8) as usize;
        }
        skipped += 8;
    }
    let tail = chunks.remainder();
    skipped
        + tail
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(tail.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_runs_end_at_the_first_byte_a_string_cannot_hold_as_is() {
        let slow = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(bytes.len())
        };
        let mut texts: Vec<Vec<u8>> = vec![Vec::new(), b"plain".to_vec(), "Zoë Łukasz O'Brien".as_bytes().to_vec()];
        for special in [b'"', b'\\', 0, 0x1f, b'\n'] {
            for at in 0..20 {
                let mut text = b"abcdefghijklmnopqrstuvwxyz".to_vec();
                text[at] = special;
                texts.push(text.clone());
                // A byte just below a special one must not hide it (no borrow downwards).
                if at > 0 {
                    text[at - 1] = 0x1f;
                    texts.push(text);
                }
            }
        }
        texts.push(vec![0x7f, 0x80, 0xff, 0x20, 0x21, 0x23, 0x5b, 0x5d, b'"']);
        for text in texts {
            assert_eq!(plain_run(&text), slow(&text), "{text:?}");
        }
    }
}
