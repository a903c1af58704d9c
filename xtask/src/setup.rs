//! `cargo xtask setup`: installs what building and testing the dashboard need, and
//! nothing that is already there. Used by `demo`, `test` and `bench` too.
//!
//! - the `wasm32-unknown-unknown` target (rustup)
//! - `trunk` 0.21.14 (`cargo install --locked`)
//! - `wasm-bindgen-cli` equal to the `wasm-bindgen` in Cargo.lock (the two must match)
//! - `wasm-opt` (npm `binaryen`), `playwright-core`, `axe-core` and `lighthouse`, project-local
//!   in `e2e/node_modules`
//! - Debian `chromium` and `chromium-driver` for the browser tests, when root
//! - Debian `redis-server` for the proxy's cluster tests and bench, when root

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::run;

const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Where the browser tests expect Debian's Chromium and its driver.
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Where the cluster tests and `bench cluster` expect Debian's Redis.
pub const REDIS_SERVER: &str = "/usr/bin/redis-server";

/// `cargo xtask setup`.
pub fn run(_args: &[String]) -> Result<(), String> {
    build_tools()?;
    browser()?;
    redis()?;
    println!("setup: everything is installed");
    Ok(())
}

/// PATH with the project-local tools first, for every command xtask starts.
pub fn tool_path() -> OsString {
    let mut dirs = vec![run::root().join("e2e/node_modules/.bin")];
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.extend(
        std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    std::env::join_paths(dirs).unwrap_or_default()
}

/// A command from the workspace root with the project-local tools on PATH.
pub fn cmd(program: &str, args: &[&str]) -> std::process::Command {
    let mut c = run::cmd(program, args);
    c.env("PATH", tool_path());
    c
}

fn version_of(program: &str) -> Option<String> {
    let out = cmd(program, &["--version"]).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Everything `trunk build` needs, plus the npm packages of the e2e tests.
pub fn build_tools() -> Result<(), String> {
    wasm_target()?;
    if !version_of("trunk").is_some_and(|v| v.ends_with(TRUNK_VERSION)) {
        println!("setup: installing trunk {TRUNK_VERSION} (a few minutes, once)");
        run::status(&mut cmd(
            "cargo",
            &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
        ))?;
    }
    let bindgen = locked_version("wasm-bindgen")?;
    if !version_of("wasm-bindgen").is_some_and(|v| v.ends_with(&bindgen)) {
        println!("setup: installing wasm-bindgen-cli {bindgen} (it must equal the crate's version)");
        // Not --locked: the CLI's own lock file can pin crates this toolchain refuses.
        run::status(&mut cmd(
            "cargo",
            &["install", "wasm-bindgen-cli", "--version", &format!("={bindgen}")],
        ))?;
    }
    if !run::on_path("npm") || !run::on_path("node") {
        return Err(
            "Node.js and npm are needed (wasm-opt comes from npm, the e2e tests run on node): \
                    install them, e.g. `apt-get install -y nodejs npm`"
                .to_owned(),
        );
    }
    let modules = run::root().join("e2e/node_modules");
    let wanted = ["playwright-core", "axe-core", "lighthouse"];
    if !modules.join(".bin/wasm-opt").exists() || wanted.iter().any(|m| !modules.join(m).exists()) {
        println!(
            "setup: installing wasm-opt (npm binaryen), playwright-core, axe-core and lighthouse into e2e/node_modules"
        );
        run::status(&mut cmd("npm", &["ci", "--prefix", "e2e", "--no-audit", "--no-fund"]))?;
    }
    Ok(())
}

/// The `wasm32-unknown-unknown` target, for trunk and for linting the dashboard.
pub fn wasm_target() -> Result<(), String> {
    let installed = run::output(&mut cmd("rustup", &["target", "list", "--installed"]))?;
    if !String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == WASM_TARGET)
    {
        println!("setup: adding the {WASM_TARGET} target");
        run::status(&mut cmd("rustup", &["target", "add", WASM_TARGET]))?;
    }
    Ok(())
}

/// `rustfmt` and `clippy`, which the lint gate runs.
pub fn lint_tools() -> Result<(), String> {
    if version_of("cargo-clippy").is_none() || version_of("rustfmt").is_none() {
        println!("setup: adding the clippy and rustfmt components");
        run::status(&mut cmd("rustup", &["component", "add", "clippy", "rustfmt"]))?;
    }
    Ok(())
}

/// Debian's Chromium and chromedriver: installed with apt-get when root, else the
/// exact command to run is the error.
pub fn browser() -> Result<(), String> {
    debian(&[CHROMIUM, CHROMEDRIVER], &["chromium", "chromium-driver"])
}

/// Debian's `redis-server`, which the proxy's cluster tests start on a free port of
/// their own (the package's service is not needed): installed as `browser()` is.
pub fn redis() -> Result<(), String> {
    debian(&[REDIS_SERVER], &["redis-server"])
}

/// Debian's podman and runc, and musl-gcc (ring's C code for the static build), for
/// `cargo xtask container` only: installed as `browser()` is.
pub fn container_tools() -> Result<(), String> {
    debian(
        &["/usr/bin/podman", "/usr/sbin/runc", "/usr/bin/musl-gcc"],
        &["podman", "runc", "musl-tools"],
    )
}

/// Installs Debian `packages` unless every one of `files` is there.
fn debian(files: &[&str], packages: &[&str]) -> Result<(), String> {
    if files.iter().all(|f| Path::new(f).exists()) {
        return Ok(());
    }
    let names = packages.join(" ");
    let root = run::output(&mut cmd("id", &["-u"])).map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if root != Ok(true) {
        return Err(format!(
            "{} missing: install with `sudo apt-get install -y --no-install-recommends {names}`",
            files.join(" or ")
        ));
    }
    println!("setup: installing Debian {names}");
    run::status(cmd("apt-get", &["update"]).env("DEBIAN_FRONTEND", "noninteractive"))?;
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend_from_slice(packages);
    run::status(cmd("apt-get", &install).env("DEBIAN_FRONTEND", "noninteractive"))
}

/// The version of `package` in the workspace's Cargo.lock.
pub fn locked_version(package: &str) -> Result<String, String> {
    let lock = fs::read_to_string(run::root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    lock[start..]
        .split('"')
        .next()
        .map(str::to_owned)
        .ok_or_else(|| format!("{package}'s version in Cargo.lock"))
}

/// Builds the release dashboard into `dist/` unless it is newer than every input.
pub fn dist() -> Result<PathBuf, String> {
    build_tools()?;
    let root = run::root();
    let stamp = root.join("dist/.built");
    let inputs = [
        "src",
        "style",
        "public",
        "crates/reporting/src",
        "index.html",
        "settings.html",
        "Trunk.toml",
        "Cargo.toml",
        "Cargo.lock",
        // Its rustflags are build flags of the wasm too.
        ".cargo/config.toml",
    ];
    let newest_input = inputs.iter().filter_map(|p| newest(&root.join(p))).max();
    let built = fs::metadata(&stamp).and_then(|m| m.modified()).ok();
    if built.is_some() && built >= newest_input {
        println!("dist/ is up to date");
        return Ok(root.join("dist"));
    }
    build_documents(&root)?;
    crate::precompress::dist(&root.join("dist"))?;
    fs::write(&stamp, "").map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(root.join("dist"))
}

/// Builds the two documents (`src/document.rs`) into `dist/`. Trunk builds one page
/// at a time and empties its dist first, so the settings page is built aside and its
/// own files (its page, wasm and glue) are moved in beside the wallboard's; what the
/// two share (the stylesheet, the copied files) is the wallboard build's.
fn build_documents(root: &Path) -> Result<(), String> {
    let aside = root.join("target/dist-settings");
    let aside_arg = aside.to_string_lossy().into_owned();
    println!("building the settings page: trunk build settings.html --release --offline");
    run::status(&mut cmd(
        "trunk",
        &[
            "build",
            "settings.html",
            "--release",
            "--offline",
            "--dist",
            &aside_arg,
            "--html-output",
            "settings.html",
        ],
    ))?;
    println!("building the wallboard: trunk build --release --offline");
    run::status(&mut cmd("trunk", &["build", "--release", "--offline"]))?;
    let dist = root.join("dist");
    let entries = fs::read_dir(&aside).map_err(|e| format!("{}: {e}", aside.display()))?;
    for entry in entries.flatten() {
        let to = dist.join(entry.file_name());
        if !to.exists() {
            fs::rename(entry.path(), &to).map_err(|e| format!("{}: {e}", to.display()))?;
        }
    }
    Ok(())
}

/// The release `floorview-proxy`, built if needed (cargo decides), found in the
/// target directory cargo used (`CARGO_TARGET_DIR` when set).
pub fn proxy() -> Result<PathBuf, String> {
    run::status(&mut cmd(
        "cargo",
        &["build", "--quiet", "--release", "-p", "floorview-proxy"],
    ))?;
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => run::root().join(dir),
        None => run::root().join("target"),
    };
    let binary = target.join("release").join("floorview-proxy");
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!("the build left no {}", binary.display()))
    }
}

fn newest(path: &Path) -> Option<SystemTime> {
    let meta = fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    fs::read_dir(path)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| newest(&e.path()))
        .max()
}
