//! `cargo xtask test`: every test layer, then one `N passed, N failed` line.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::run;

/// Passed and failed counts, summed over layers.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

/// One layer of tests: runs them and counts what passed and failed.
type Layer = fn() -> Result<Tally, String>;

pub fn run(_args: &[String]) -> Result<(), String> {
    let mut total = Tally::default();
    let mut broken: Vec<String> = Vec::new();
    let layers: &[(&str, Layer)] = &[
        ("cargo test --workspace", native),
        ("wasm-bindgen-test (headless Chromium)", crate::test_layers::wasm),
        ("e2e (Playwright, simulator)", crate::test_layers::e2e),
    ];
    for &(name, layer) in layers {
        println!("\n=== {name}");
        match layer() {
            Ok(tally) => {
                if tally.failed > 0 {
                    broken.push(format!("{name}: {} failed", tally.failed));
                }
                total.add(tally);
            }
            Err(e) => broken.push(format!("{name}: {e}")),
        }
    }
    println!();
    for problem in &broken {
        println!("FAILED {problem}");
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    if broken.is_empty() {
        Ok(())
    } else {
        Err(format!("{} test layer(s) failed", broken.len()))
    }
}

/// `cargo test --workspace`, streaming its output and counting its results.
fn native() -> Result<Tally, String> {
    let mut child = run::cmd("cargo", &["test", "--workspace", "--color", "never"])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start cargo: {e}"))?;
    let mut tally = Tally::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(counts) = parse_cargo_result(&line) {
                tally.add(counts);
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() && tally.failed == 0 {
        return Err(format!("cargo test exited with {status}"));
    }
    Ok(tally)
}

/// Reads `test result: ok. 12 passed; 0 failed; …`.
fn parse_cargo_result(line: &str) -> Option<Tally> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let number_before = |word: &str| -> Option<u64> {
        let end = rest.find(word)?;
        rest[..end]
            .trim_end()
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    };
    Some(Tally {
        passed: number_before(" passed")?,
        failed: number_before(" failed")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_result_lines() {
        let t = parse_cargo_result("test result: FAILED. 12 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out")
            .unwrap();
        assert_eq!((t.passed, t.failed), (12, 3));
        assert!(parse_cargo_result("running 3 tests").is_none());
    }
}
