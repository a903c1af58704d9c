//! `bench bundle`: bytes of what a wallboard's first load fetches from `dist/`, raw,
//! gzip (`gzip -9`, as a static host would serve them) and brotli (quality 11, as
//! `floorview-proxy --static` serves its `.br` copies), per kind and in total; and
//! apart, what the settings page adds when a person opens it.

use std::fs;
use std::path::{Path, PathBuf};

use super::Figures;
use crate::{precompress, run, setup};

/// The settings document (`src/document.rs`), which a wall screen never opens.
const SETTINGS_PAGE: &str = "settings.html";

pub fn measure() -> Result<Figures, String> {
    let dist = setup::dist()?;
    let mut assets: Vec<_> = fs::read_dir(&dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        // The build stamp is xtask's, not the app's; `.br`/`.gz` are other encodings
        // of an asset counted already (its gzip size is counted), not more to fetch.
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".built"))
        .filter(|p| !p.extension().is_some_and(|e| e == "br" || e == "gz"))
        .collect();
    assets.sort();
    let (settings_only, wallboard): (Vec<PathBuf>, Vec<PathBuf>) =
        assets.into_iter().partition(|p| only_the_settings_page_names(&dist, p));
    let mut figures = Figures::new();
    let (mut raw_total, mut gzip_total, mut brotli_total) = (0.0, 0.0, 0.0);
    for path in wallboard {
        let (raw, gzip, brotli) = sizes(&path)?;
        let kind = path.extension().and_then(|e| e.to_str()).unwrap_or("other");
        add(&mut figures, &format!("bundle_raw_bytes_{kind}"), raw);
        add(&mut figures, &format!("bundle_gzip_bytes_{kind}"), gzip);
        raw_total += raw;
        gzip_total += gzip;
        brotli_total += brotli;
    }
    figures.insert(0, ("bundle_raw_bytes_total".to_owned(), raw_total));
    figures.insert(1, ("bundle_gzip_bytes_total".to_owned(), gzip_total));
    figures.insert(2, ("bundle_brotli_bytes_total".to_owned(), brotli_total));
    println!("  the settings page adds, when it is opened:");
    let (mut settings_gzip, mut settings_brotli) = (0.0, 0.0);
    for path in settings_only {
        let (_, gzip, brotli) = sizes(&path)?;
        settings_gzip += gzip;
        settings_brotli += brotli;
    }
    figures.push(("bundle_gzip_bytes_settings_page".to_owned(), settings_gzip));
    figures.push(("bundle_brotli_bytes_settings_page".to_owned(), settings_brotli));
    Ok(figures)
}

/// Whether `path` is the settings page or a file only it names (its wasm and glue),
/// so a wallboard's first load never fetches it.
fn only_the_settings_page_names(dist: &Path, path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    // Named as an attribute's value ends (`src="/x.js"`), not in a comment's words.
    let names = |file: &str| fs::read_to_string(dist.join(file)).is_ok_and(|html| html.contains(&format!("{name}\"")));
    name == SETTINGS_PAGE || (names(SETTINGS_PAGE) && !names("index.html"))
}

/// Raw, `gzip -9` and brotli bytes of one file, printed as a row.
fn sizes(path: &Path) -> Result<(f64, f64, f64), String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file = path.to_string_lossy().into_owned();
    let gzip = run::output(&mut run::cmd("gzip", &["-9", "-c", &file]))?.stdout.len() as f64;
    let brotli = precompress::brotli_of(&bytes)?.len() as f64;
    let raw = bytes.len() as f64;
    println!(
        "  {:<48} {:>9} raw {:>9} gzip {:>9} brotli",
        path.file_name().unwrap_or_default().to_string_lossy(),
        raw,
        gzip,
        brotli
    );
    Ok((raw, gzip, brotli))
}

fn add(figures: &mut Figures, key: &str, value: f64) {
    match figures.iter_mut().find(|(k, _)| k == key) {
        Some((_, v)) => *v += value,
        None => figures.push((key.to_owned(), value)),
    }
}
