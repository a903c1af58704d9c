//! A response body's bytes as the text the decoders read, and the room kept for them.
//!
//! The dashboard reads each body as its UTF-8 bytes rather than through
//! `Response.text()`: a JS string crosses into wasm through a buffer sized for three
//! bytes per UTF-16 unit as soon as it holds one non-ASCII character, so a 250 kB
//! presence body briefly took 740 kB. And the bytes are copied into one buffer kept
//! for every body rather than a new allocation each time: wasm memory never shrinks,
//! and a large short-lived block placed anew on every poll in a heap that small
//! allocations keep cutting up made the memory grow whenever a body came in a little
//! larger than the last (a rotating kiosk grew in steps of 0.75 MB, then 0.25 MB).

use std::borrow::Cow;

/// `bytes` as text, as `Response.text()` reads it: a leading byte-order mark is
/// dropped and what is not UTF-8 becomes U+FFFD (so a broken body still reaches the
/// decoder, which says what is wrong with it).
pub fn text(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes)
}

/// The capacity to give the shared body buffer, holding `capacity` now, for a body
/// of `len` bytes: unchanged while the body fits; otherwise a quarter more than the
/// body, so bodies that vary by a few per cent around their largest do not grow it
/// again and again (the standard doubling would take twice the largest body).
pub fn room_for(len: usize, capacity: usize) -> usize {
    if len <= capacity {
        capacity
    } else {
        len.saturating_add(len / 4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_in_place() {
        let bytes = "{\"agentName\":\"Zoë Ångström 李\"}".as_bytes();
        let text = text(bytes);
        assert!(matches!(text, Cow::Borrowed(_)), "no copy of a good body");
        assert_eq!(text, "{\"agentName\":\"Zoë Ångström 李\"}");
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        assert_eq!(text(b"\xEF\xBB\xBF{\"rows\":[]}"), "{\"rows\":[]}");
        // Only at the start.
        assert_eq!(text("a\u{FEFF}".as_bytes()), "a\u{FEFF}");
    }

    #[test]
    fn bytes_that_are_not_utf8_become_replacement_characters() {
        // Latin-1 "José", as a misconfigured server might send it.
        assert_eq!(text(b"{\"n\":\"Jos\xE9\"}"), "{\"n\":\"Jos\u{FFFD}\"}");
        assert_eq!(text(b""), "");
    }

    #[test]
    fn the_buffer_grows_once_for_bodies_that_vary_a_little() {
        let mut capacity = 0;
        let mut grown = 0;
        // A presence body of ~247 kB that wanders by ±2 % from poll to poll.
        for i in 0..1000u32 {
            let len = 242_000 + (i * 7919 % 10_000) as usize;
            let next = room_for(len, capacity);
            assert!(next >= len);
            if next != capacity {
                grown += 1;
                capacity = next;
            }
        }
        assert_eq!(grown, 1, "grown {grown} times, to {capacity}");
        assert!(capacity < 320_000, "room for a quarter more, not double: {capacity}");
        // A body a third larger than any before grows it again.
        assert!(room_for(capacity + 1, capacity) > capacity);
    }
}
