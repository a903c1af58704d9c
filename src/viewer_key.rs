//! The optional viewer key of a proxy that requires one (`floorview-proxy upstream`
//! with viewer keys). A wallboard link carries it in the URL fragment, which
//! browsers never send to any server (`#key=…`, or after a view:
//! `#/overview?key=…`); the app moves it into sessionStorage and off the address bar,
//! and sends it only to the proxy, as `Authorization: Bearer …`.

/// The fragment parameter that carries the key.
pub const FRAGMENT_PARAM: &str = "key";
/// Where the key is kept for this tab (sessionStorage: gone when the tab closes,
/// never shared with other tabs or saved settings).
pub const STORAGE_KEY: &str = "floorview.viewerKey";

/// Splits a location hash into the viewer key it carries (if any) and the hash to
/// keep in the address bar without it. Other fragment parameters are kept.
pub fn take_from_hash(hash: &str) -> (Option<String>, String) {
    take_fragment_param(hash, FRAGMENT_PARAM)
}

/// Splits a location hash into parameter `name`'s value (if any, and not blank)
/// and the hash without it: `#key=…`, `#/overview?key=…`, `#key=…&boards=…`.
pub fn take_fragment_param(hash: &str, name: &str) -> (Option<String>, String) {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    let (path, params) = match fragment.find(['?', '&']) {
        Some(at) if fragment.starts_with('/') => (&fragment[..at], &fragment[at + 1..]),
        _ if fragment.contains('=') && !fragment.starts_with('/') => ("", fragment),
        _ => (fragment, ""),
    };
    let mut value = None;
    let mut kept = Vec::new();
    for pair in params.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some((n, v)) if n == name && !v.trim().is_empty() => value = Some(v.trim().to_owned()),
            Some((n, _)) if n == name => {}
            _ => kept.push(pair),
        }
    }
    let rest = match (path.is_empty(), kept.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!("#{}", kept.join("&")),
        (false, true) => format!("#{path}"),
        (false, false) => format!("#{path}?{}", kept.join("&")),
    };
    (value, rest)
}

/// The `Authorization` header value for a key.
pub fn authorization(key: &str) -> String {
    format!("Bearer {key}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_key_fragment_is_taken_and_cleared() {
        assert_eq!(take_from_hash("#key=abc123"), (Some("abc123".into()), String::new()));
    }

    #[test]
    fn a_key_and_packed_boards_are_taken_one_by_one() {
        let (key, rest) = take_from_hash("#key=k1&boards=eJyLjgUAARUAuQ");
        assert_eq!((key.as_deref(), rest.as_str()), (Some("k1"), "#boards=eJyLjgUAARUAuQ"));
        let (boards, rest) = take_fragment_param(&rest, "boards");
        assert_eq!((boards.as_deref(), rest.as_str()), (Some("eJyLjgUAARUAuQ"), ""));
        assert_eq!(take_fragment_param("#/board/x", "boards"), (None, "#/board/x".into()));
    }

    #[test]
    fn a_key_after_a_view_keeps_the_view() {
        assert_eq!(
            take_from_hash("#/agents?key=s3cr3t"),
            (Some("s3cr3t".into()), "#/agents".into())
        );
        assert_eq!(take_from_hash("#/queues&key=k"), (Some("k".into()), "#/queues".into()));
        assert_eq!(
            take_from_hash("#/queues?x=1&key=k&y=2"),
            (Some("k".into()), "#/queues?x=1&y=2".into())
        );
    }

    #[test]
    fn fragments_without_a_key_are_left_alone() {
        assert_eq!(take_from_hash("#/overview"), (None, "#/overview".into()));
        assert_eq!(take_from_hash(""), (None, String::new()));
        assert_eq!(take_from_hash("#/overview?key="), (None, "#/overview".into()));
    }

    #[test]
    fn the_header_is_a_bearer_token() {
        assert_eq!(authorization("abc"), "Bearer abc");
    }
}
