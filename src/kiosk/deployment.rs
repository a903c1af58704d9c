//! Spotting a new deployment: Trunk names the wasm after its content hash, so the
//! `…_bg.wasm` name that `index.html` loads identifies a build.

/// The name of the wasm file an `index.html` loads (`floorview-3f2a…_bg.wasm`).
pub fn build_id(html: &str) -> Option<&str> {
    let end = html.find("_bg.wasm")? + "_bg.wasm".len();
    let start = html[..end]
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)))
        .map_or(0, |i| i + 1);
    let name = &html[start..end];
    (name.len() > "_bg.wasm".len()).then_some(name)
}

/// Whether `fetched` (the index.html now served) is another build than `running`.
pub fn is_new(running: Option<&str>, fetched: &str) -> bool {
    match (running, build_id(fetched)) {
        (Some(old), Some(new)) => old != new,
        // Without a build id on either side there is no telling: stay.
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<script type=\"module\">\nimport init from '/floorview-47e73b8a466ff287.js';\nconst wasm = await init({ module_or_path: '/floorview-47e73b8a466ff287_bg.wasm' });";

    #[test]
    fn the_wasm_name_identifies_the_build() {
        assert_eq!(build_id(PAGE), Some("floorview-47e73b8a466ff287_bg.wasm"));
        assert_eq!(build_id("no wasm here"), None);
        assert_eq!(build_id("'_bg.wasm'"), None);
    }

    #[test]
    fn a_new_build_is_one_with_another_name() {
        let running = build_id(PAGE);
        assert!(!is_new(running, PAGE));
        assert!(is_new(running, &PAGE.replace("47e73b8a466ff287", "0123456789abcdef")));
        assert!(!is_new(running, "<html>maintenance page</html>"));
        assert!(!is_new(None, PAGE));
    }
}
