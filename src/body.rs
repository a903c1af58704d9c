//! A response body's bytes as the text the decoders read.
//!
//! The dashboard reads each body as its UTF-8 bytes rather than through
//! `Response.text()`: a JS string crosses into wasm through a buffer sized for three
//! bytes per UTF-16 unit as soon as it holds one non-ASCII character, so a 250 kB
//! presence body briefly took 740 kB. Wasm memory never shrinks, and that transient
//! peak, landing at a new place in a fragmented heap every so often, was what still
//! raised a rotating kiosk's memory in steps of 0.75 MB once the leak was fixed.
//! The bytes take exactly their length.

/// `bytes` as text, as `Response.text()` reads it: a leading byte-order mark is
/// dropped and what is not UTF-8 becomes U+FFFD (so a broken body still reaches the
/// decoder, which says what is wrong with it).
pub fn text(mut bytes: Vec<u8>) -> String {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_taken_as_it_is_without_copying() {
        let bytes = "{\"agentName\":\"Zoë Ångström 李\"}".as_bytes().to_vec();
        let at = bytes.as_ptr();
        let text = text(bytes);
        assert_eq!(text, "{\"agentName\":\"Zoë Ångström 李\"}");
        assert_eq!(text.as_ptr(), at, "the bytes became the string in place");
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        assert_eq!(text(b"\xEF\xBB\xBF{\"rows\":[]}".to_vec()), "{\"rows\":[]}");
        // Only at the start.
        assert_eq!(text("a\u{FEFF}".as_bytes().to_vec()), "a\u{FEFF}");
    }

    #[test]
    fn bytes_that_are_not_utf8_become_replacement_characters() {
        // Latin-1 "José", as a misconfigured server might send it.
        assert_eq!(text(b"{\"n\":\"Jos\xE9\"}".to_vec()), "{\"n\":\"Jos\u{FFFD}\"}");
        assert_eq!(text(Vec::new()), "");
    }
}
