//! `bench bundle`: bytes of every asset the first load fetches from `dist/`, raw and
//! gzip (`gzip -9`, as a static host would serve them), per kind and in total.

use std::fs;

use super::Figures;
use crate::{run, setup};

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
    let mut figures = Figures::new();
    let (mut raw_total, mut gzip_total) = (0.0, 0.0);
    for path in assets {
        let raw = fs::metadata(&path).map_err(|e| e.to_string())?.len() as f64;
        let file = path.to_string_lossy().into_owned();
        let gzip = run::output(&mut run::cmd("gzip", &["-9", "-c", &file]))?.stdout.len() as f64;
        let kind = path.extension().and_then(|e| e.to_str()).unwrap_or("other");
        println!(
            "  {:<48} {:>9} raw {:>9} gzip",
            path.file_name().unwrap_or_default().to_string_lossy(),
            raw,
            gzip
        );
        add(&mut figures, &format!("bundle_raw_bytes_{kind}"), raw);
        add(&mut figures, &format!("bundle_gzip_bytes_{kind}"), gzip);
        raw_total += raw;
        gzip_total += gzip;
    }
    figures.insert(0, ("bundle_raw_bytes_total".to_owned(), raw_total));
    figures.insert(1, ("bundle_gzip_bytes_total".to_owned(), gzip_total));
    Ok(figures)
}

fn add(figures: &mut Figures, key: &str, value: f64) {
    match figures.iter_mut().find(|(k, _)| k == key) {
        Some((_, v)) => *v += value,
        None => figures.push((key.to_owned(), value)),
    }
}
