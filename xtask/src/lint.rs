//! The lint gate of `cargo xtask test`, run first because it is the cheapest layer
//! and the one a change most often breaks: `cargo fmt --check`, then clippy with
//! `-D warnings` natively (every crate and target) and for the dashboard's wasm
//! (its browser half only compiles there). The lints themselves are the
//! `[workspace.lints]` table of the root `Cargo.toml`.

use crate::setup;
use crate::test::Tally;

/// Clippy's warnings are errors here, so a warning fails the gate.
const DENY_WARNINGS: [&str; 5] = ["--color", "never", "--", "-D", "warnings"];

/// Each check, as the words it is run with.
fn checks() -> [Vec<&'static str>; 3] {
    let clippy = |scope: &[&'static str]| {
        let mut args = vec!["clippy"];
        args.extend_from_slice(scope);
        args.extend_from_slice(&DENY_WARNINGS);
        args
    };
    [
        vec!["fmt", "--all", "--check"],
        clippy(&["--workspace", "--all-targets"]),
        clippy(&["-p", "floorview", "--target", "wasm32-unknown-unknown", "--all-targets"]),
    ]
}

/// Runs every check, each one a passed or failed test in the tally.
pub fn run() -> Result<Tally, String> {
    setup::lint_tools()?;
    setup::wasm_target()?;
    let mut tally = Tally::default();
    for args in checks() {
        println!("--- cargo {}", args.join(" "));
        match crate::run::status(&mut setup::cmd("cargo", &args)) {
            Ok(()) => tally.passed += 1,
            Err(e) => {
                println!("FAILED {e}");
                tally.failed += 1;
            }
        }
    }
    Ok(tally)
}
