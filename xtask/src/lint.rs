//! The lint gate of `cargo xtask test`, run first because it is the cheapest layer
//! and the one a change most often breaks: `cargo fmt --check`, then clippy with
//! `-D warnings` natively (every crate and target) and for the dashboard's wasm
//! (its browser half only compiles there). The lints themselves are the
//! `[workspace.lints]` table of the root `Cargo.toml`.

use crate::setup;
use crate::test::Tally;

/// Each check, as the words it is run with.
const CHECKS: [&[&str]; 3] = [
    &["fmt", "--all", "--check"],
    &[
        "clippy",
        "--workspace",
        "--all-targets",
        "--color",
        "never",
        "--",
        "-D",
        "warnings",
    ],
    &[
        "clippy",
        "-p",
        "floorview",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--color",
        "never",
        "--",
        "-D",
        "warnings",
    ],
];

/// Runs every check, each one a passed or failed test in the tally.
pub fn run() -> Result<Tally, String> {
    setup::lint_tools()?;
    setup::wasm_target()?;
    let mut tally = Tally::default();
    for args in CHECKS {
        println!("--- cargo {}", args.join(" "));
        match crate::run::status(&mut setup::cmd("cargo", args)) {
            Ok(()) => tally.passed += 1,
            Err(e) => {
                println!("FAILED {e}");
                tally.failed += 1;
            }
        }
    }
    Ok(tally)
}
