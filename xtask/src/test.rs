//! `cargo xtask test`: every test layer, then one `N passed, N failed` line.

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
        ("lint (rustfmt, clippy -D warnings)", crate::lint::run),
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

/// `cargo test --workspace`, streaming its output and counting its results. The
/// proxy's cluster tests start a real `redis-server`, so it is installed first.
fn native() -> Result<Tally, String> {
    crate::setup::redis()?;
    let command = run::cmd("cargo", &["test", "--workspace", "--color", "never"]);
    crate::test_layers::count(command, crate::test_layers::parse_cargo_line)
}
