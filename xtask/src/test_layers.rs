//! The browser test layers of `cargo xtask test`: `wasm-bindgen-test` components in
//! headless Chromium, and the Playwright e2e specs against the simulator. Each
//! installs what it needs first and returns its passed/failed counts.

use std::collections::VecDeque;
use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::thread;

use crate::setup;
use crate::test::Tally;

/// How many of a failed runner's last stderr lines its error repeats.
const LAST_WORDS: usize = 8;

/// `cargo test --target wasm32-unknown-unknown --test '*'` with wasm-bindgen-test-runner
/// driving Chromium through chromedriver (capabilities in `webdriver.json`).
pub fn wasm() -> Result<Tally, String> {
    setup::build_tools()?;
    setup::browser()?;
    // webdriver.json names this profile directory: start every run with a fresh one.
    let _ = fs::remove_dir_all("/tmp/floorview-wasm-test-profile");
    let mut command = setup::cmd(
        "cargo",
        &[
            "test",
            "-p",
            "floorview",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "*",
            "--color",
            "never",
        ],
    );
    command
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
        .env("CHROMEDRIVER", setup::CHROMEDRIVER)
        // A guard against a hung browser, not a performance goal: the lifecycle test
        // visits every view hundreds of times in a debug build, 80–120 s here and more
        // on a slower CI machine (120 s timed out there).
        .env("WASM_BINDGEN_TEST_TIMEOUT", "600");
    count(command, parse_cargo_line)
}

/// The Playwright specs in `e2e/specs/` (node's test runner, TAP output) against
/// `floorview-proxy simulate --static dist`, which the specs start on a free port.
pub fn e2e() -> Result<Tally, String> {
    let dist = setup::dist()?;
    let proxy = setup::proxy()?;
    setup::browser()?;
    let specs_dir = crate::run::root().join("e2e/specs");
    let mut specs: Vec<String> = fs::read_dir(&specs_dir)
        .map_err(|e| format!("{}: {e}", specs_dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    specs.sort();
    let mut args = vec!["--test", "--test-reporter=tap", "--test-concurrency=1"];
    args.extend(specs.iter().map(String::as_str));
    let mut command = setup::cmd("node", &args);
    command
        .env("FLOORVIEW_PROXY", proxy)
        .env("FLOORVIEW_DIST", dist)
        .env("CHROMIUM", setup::CHROMIUM);
    count(command, parse_tap_line)
}

/// Runs `command`, echoing its output, and sums the counts `parse` finds in it.
pub fn count(mut command: Command, parse: fn(&str, &mut Tally)) -> Result<Tally, String> {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {command:?}: {e}"))?;
    // A runner that gives up (a timeout, a browser that would not start) says why on
    // stderr, long before the summary CI shows: keep its last words for the error.
    let last_words = child.stderr.take().map(|stderr| {
        thread::spawn(move || {
            let mut tail = VecDeque::with_capacity(LAST_WORDS);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("{line}");
                if tail.len() == LAST_WORDS {
                    tail.pop_front();
                }
                tail.push_back(line);
            }
            tail
        })
    });
    let mut tally = Tally::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            parse(&line, &mut tally);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let last_words = last_words.and_then(|t| t.join().ok()).unwrap_or_default();
    if !status.success() && tally.failed == 0 {
        let said: Vec<&str> = last_words.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
        return Err(format!(
            "{command:?} exited with {status}; its last words on stderr:\n  {}",
            said.join("\n  ")
        ));
    }
    if tally.passed + tally.failed == 0 {
        return Err("no test ran".to_owned());
    }
    Ok(tally)
}

/// `test result: ok. 3 passed; 0 failed; …` (cargo and wasm-bindgen-test-runner).
pub fn parse_cargo_line(line: &str, tally: &mut Tally) {
    let Some(rest) = line.trim().strip_prefix("test result: ") else {
        return;
    };
    let number_before = |word: &str| -> Option<u64> {
        let end = rest.find(word)?;
        rest[..end]
            .trim_end()
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    };
    if let (Some(p), Some(f)) = (number_before(" passed"), number_before(" failed")) {
        tally.passed += p;
        tally.failed += f;
    }
}

/// TAP's closing `# pass N` and `# fail N`.
fn parse_tap_line(line: &str, tally: &mut Tally) {
    let line = line.trim();
    let number = |prefix: &str| line.strip_prefix(prefix).and_then(|n| n.trim().parse::<u64>().ok());
    if let Some(n) = number("# pass ") {
        tally.passed += n;
    } else if let Some(n) = number("# fail ") {
        tally.failed += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tap_and_cargo_summaries() {
        let mut t = Tally::default();
        for line in [
            "# tests 5",
            "# pass 4",
            "# fail 1",
            "# cancelled 0",
            "test result: ok. 3 passed; 0 failed; 0 ignored",
        ] {
            parse_tap_line(line, &mut t);
            parse_cargo_line(line, &mut t);
        }
        assert_eq!((t.passed, t.failed), (7, 1));
    }
}
