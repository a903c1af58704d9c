//! The state colours of `style/theme.css` checked as people see them: the states a
//! supervisor tells apart at a glance stay apart under the common colour-vision
//! deficiencies, and the dark label text reads on every state colour, in every theme.
//! A native test of the stylesheet: it needs no browser.
#![cfg(not(target_arch = "wasm32"))]
// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

const THEME_CSS: &str = include_str!("../style/theme.css");

/// The states that must never be confused with one another.
const KEY_STATES: [&str; 6] = ["idle", "active", "not-ready", "wrap", "hold", "pending"];

/// Least CIELAB distance (ΔE*76) between two key states, simulated.
const MIN_DELTA_E: f64 = 9.0;

fn rgb(hex: &str) -> [f64; 3] {
    let h = hex.trim().trim_start_matches('#');
    let c = |i: usize| f64::from(u8::from_str_radix(&h[i..i + 2], 16).expect("a hex colour")) / 255.0;
    [c(0), c(2), c(4)]
}

fn linear(c: f64) -> f64 {
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn luminance(hex: &str) -> f64 {
    let [r, g, b] = rgb(hex).map(linear);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Machado, Oliveira and Fernandes (2009), severity 1, on linear RGB.
#[allow(clippy::unreadable_literal)] // the coefficients as the paper prints them
const SIMULATIONS: [(&str, [[f64; 3]; 3]); 3] = [
    (
        "protanopia",
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ],
    ),
    (
        "deuteranopia",
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ],
    ),
    (
        "tritanopia",
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ],
    ),
];

#[allow(clippy::unreadable_literal)] // CIE constants as published
fn lab_as_seen(hex: &str, m: &[[f64; 3]; 3]) -> [f64; 3] {
    let c = rgb(hex).map(linear);
    let s: Vec<f64> = m
        .iter()
        .map(|row| (row[0] * c[0] + row[1] * c[1] + row[2] * c[2]).clamp(0.0, 1.0))
        .collect();
    let x = (0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2]) / 0.95047;
    let y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
    let z = (0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2]) / 1.08883;
    let f = |t: f64| {
        if t > 0.008856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    [116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
}

/// `--state-*` colours of each theme: `light-dark(a, b)` gives the light and dark ones,
/// the high-contrast block its own.
fn palettes() -> BTreeMap<&'static str, BTreeMap<String, String>> {
    let mut out: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
    let mut block = "base";
    for line in THEME_CSS.lines().map(str::trim) {
        if line.starts_with(":root[data-theme=\"high-contrast\"]") {
            block = "high-contrast";
        } else if line.starts_with(":root[data-kiosk") {
            block = "other";
        }
        let Some((name, value)) = line.strip_prefix("--state-").and_then(|l| l.split_once(':')) else {
            continue;
        };
        let value = value.trim().trim_end_matches(';');
        if let Some(pair) = value.strip_prefix("light-dark(").and_then(|v| v.strip_suffix(')')) {
            let (light, dark) = pair.split_once(',').expect("two colours");
            out.entry("light")
                .or_default()
                .insert(name.to_owned(), light.trim().to_owned());
            out.entry("dark")
                .or_default()
                .insert(name.to_owned(), dark.trim().to_owned());
        } else if block == "high-contrast" || block == "base" {
            let theme = if block == "base" { "both" } else { "high-contrast" };
            out.entry(theme).or_default().insert(name.to_owned(), value.to_owned());
        }
    }
    out
}

#[test]
fn key_states_stay_apart_for_colour_blind_eyes() {
    let all = palettes();
    for theme in ["light", "dark", "high-contrast"] {
        let p = &all[theme];
        for (deficiency, m) in &SIMULATIONS {
            for (i, a) in KEY_STATES.iter().enumerate() {
                for b in &KEY_STATES[i + 1..] {
                    let (la, lb) = (lab_as_seen(&p[*a], m), lab_as_seen(&p[*b], m));
                    let de = ((la[0] - lb[0]).powi(2) + (la[1] - lb[1]).powi(2) + (la[2] - lb[2]).powi(2)).sqrt();
                    assert!(
                        de >= MIN_DELTA_E,
                        "{theme}, {deficiency}: {a} and {b} are only {de:.1} apart"
                    );
                }
            }
        }
    }
}

#[test]
fn labels_read_on_every_state_colour() {
    let all = palettes();
    let base_text = &all["both"]["text"];
    for theme in ["light", "dark", "high-contrast"] {
        let text = all[theme].get("text").unwrap_or(base_text);
        for (state, colour) in all[theme].iter().filter(|(s, _)| *s != "text") {
            let ratio = contrast(colour, text);
            assert!(ratio >= 4.5, "{theme}: label on {state} has contrast {ratio:.1}");
        }
    }
}
