//! Brotli and gzip copies of the hashed assets in `dist/` (`x.wasm.br`, `x.wasm.gz`),
//! which `floorview-proxy --static` serves as they are: compressing the megabyte of
//! wasm on every cold load costs the first paint tens of milliseconds. Only files with
//! a content hash in their name are compressed: `index.html` and `config.json` are
//! edited in place by whoever deploys, and a stale copy would win over the edit.

use std::fs;
use std::io::Write;
use std::path::Path;

/// Extensions worth compressing.
const TEXT_LIKE: [&str; 3] = ["wasm", "js", "css"];

/// Writes `.br` and `.gz` next to every hashed wasm, js and css file in `dist`.
pub fn dist(dist: &Path) -> Result<(), String> {
    let entries = fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !TEXT_LIKE.contains(&ext) || !is_hashed(&name) {
            continue;
        }
        let raw = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let write = |suffix: &str, bytes: Vec<u8>| {
            let out = dist.join(format!("{name}.{suffix}"));
            fs::write(&out, bytes).map_err(|e| format!("{}: {e}", out.display()))
        };
        write("br", brotli_of(&raw)?)?;
        write("gz", gzip_of(&raw)?)?;
    }
    Ok(())
}

/// The proxy's rule (`proxy/src/statics.rs`): a `-` then 12 or more hex digits
/// before the extension (and Trunk's `_bg`).
fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub fn brotli_of(raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params).map_err(|e| format!("brotli: {e}"))?;
    Ok(out)
}

fn gzip_of(raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(raw).map_err(|e| format!("gzip: {e}"))?;
    encoder.finish().map_err(|e| format!("gzip: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashed_assets_are_compressed() {
        let dir = std::env::temp_dir().join(format!("floorview-precompress-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("a temp dir");
        let body = "body { color: red } ".repeat(200);
        for name in ["theme-0123456789abcdef.css", "config.json", "index.html", "sw.js"] {
            fs::write(dir.join(name), &body).expect("written");
        }
        dist(&dir).expect("compressed");
        let mut names: Vec<String> = fs::read_dir(&dir)
            .expect("listed")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| Path::new(n).extension().is_some_and(|e| e == "br" || e == "gz"))
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["theme-0123456789abcdef.css.br", "theme-0123456789abcdef.css.gz"]
        );
        let gz = fs::read(dir.join("theme-0123456789abcdef.css.gz")).expect("read");
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back).expect("gunzips");
        assert_eq!(back, body);
        let br = fs::read(dir.join("theme-0123456789abcdef.css.br")).expect("read");
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).expect("unbrotlis");
        assert_eq!(back, body.as_bytes());
        fs::remove_dir_all(&dir).ok();
    }
}
