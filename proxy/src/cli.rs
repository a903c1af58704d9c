//! The command line: every flag can also come from a `FLOORVIEW_*` environment
//! variable, so containers and CI configure the proxy without a wrapper script.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use floorview_reporting::sim::SimConfig;

use crate::server::ServerLimits;
use crate::simulate::faults::FaultSpec;

/// Floorview's back end: the Reporting API, simulated, plus the built dashboard.
#[derive(Debug, Parser)]
#[command(name = "floorview-proxy", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What the proxy serves.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the five Reporting API endpoints from the simulator (demo and tests).
    Simulate(SimulateArgs),
    /// Forward the five endpoints to the Alvaria Reporting API with the proxy's
    /// credentials, coalescing identical requests (production).
    Upstream(crate::upstream::UpstreamArgs),
}

/// Options of `floorview-proxy simulate`.
#[derive(Debug, Clone, Args)]
pub struct SimulateArgs {
    /// Address to listen on.
    #[arg(long, env = "FLOORVIEW_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Seed of the simulation: the same seed tells the same story.
    #[arg(long, env = "FLOORVIEW_SEED", default_value_t = 42)]
    pub seed: u64,

    /// Number of teams.
    #[arg(long, env = "FLOORVIEW_TEAMS", default_value_t = 4)]
    pub teams: usize,

    /// Agents in each team.
    #[arg(long, env = "FLOORVIEW_AGENTS_PER_TEAM", default_value_t = 12)]
    pub agents_per_team: usize,

    /// Number of work types (queues), one channel each.
    #[arg(long, env = "FLOORVIEW_WORK_TYPES", default_value_t = 5)]
    pub work_types: usize,

    /// Number of outbound contact lists.
    #[arg(long, env = "FLOORVIEW_CONTACT_LISTS", default_value_t = 3)]
    pub contact_lists: usize,

    /// Simulated seconds per wall-clock second.
    #[arg(long, env = "FLOORVIEW_SPEED", default_value_t = 1.0, value_parser = parse_speed)]
    pub speed: f64,

    /// Organisation id the simulator answers for; any other is 404.
    #[arg(long, env = "FLOORVIEW_ORG", default_value = "demo")]
    pub org: String,

    /// Directory of the built dashboard (`dist/`) to serve at `/`.
    #[arg(long = "static", env = "FLOORVIEW_STATIC", value_name = "DIR")]
    pub static_dir: Option<PathBuf>,

    /// Origin allowed to call the API cross-origin (repeatable, `*` for any).
    /// Without it only same-origin pages can read the API (no CORS headers).
    #[arg(long, env = "FLOORVIEW_ALLOW_ORIGIN", value_name = "ORIGIN", value_delimiter = ',')]
    pub allow_origin: Vec<String>,

    /// Fault rule active from the start (repeatable; `;` separates several in the
    /// environment variable). Syntax:
    /// `KIND[:ENDPOINT][:count=N|:rate=R][:delay-ms=N][:retry-after=VALUE]`,
    /// e.g. `429:teamActivity:rate=0.2:retry-after=5`. See proxy/README.md.
    #[arg(long, env = "FLOORVIEW_FAULT", value_name = "SPEC", value_delimiter = ';')]
    pub fault: Vec<FaultSpec>,

    /// Longest a client may take to send a request's headers (ms; 0: no limit).
    #[arg(long, env = "FLOORVIEW_HEADER_READ_TIMEOUT_MS", default_value_t = 10_000)]
    pub header_read_timeout_ms: u64,

    /// A connection with nothing moving and no request being handled is closed
    /// after this (ms; 0: never).
    #[arg(long, env = "FLOORVIEW_IDLE_TIMEOUT_MS", default_value_t = 20_000)]
    pub idle_timeout_ms: u64,

    /// Longest a request may take before a 503 (ms; 0: no limit). Longer than the
    /// longest `delay` fault (600 s), so faults keep their meaning.
    #[arg(long, env = "FLOORVIEW_REQUEST_TIMEOUT_MS", default_value_t = 620_000)]
    pub request_timeout_ms: u64,

    /// Connections open at once; more wait in the listen backlog.
    #[arg(long, env = "FLOORVIEW_MAX_CONNECTIONS", default_value_t = 4096)]
    pub max_connections: usize,
}

impl SimulateArgs {
    /// The server's time limits and connection cap.
    pub fn server_limits(&self) -> ServerLimits {
        ServerLimits {
            header_read_timeout: Duration::from_millis(self.header_read_timeout_ms),
            idle_timeout: Duration::from_millis(self.idle_timeout_ms),
            request_timeout: Duration::from_millis(self.request_timeout_ms),
            max_connections: self.max_connections,
        }
    }

    /// The simulator's scale and seed.
    pub fn sim_config(&self) -> SimConfig {
        SimConfig {
            seed: self.seed,
            teams: self.teams,
            agents_per_team: self.agents_per_team,
            work_types: self.work_types,
            contact_lists: self.contact_lists,
        }
    }
}

fn parse_speed(raw: &str) -> Result<f64, String> {
    match raw.parse::<f64>() {
        Ok(speed) if speed.is_finite() && speed > 0.0 && speed <= 1000.0 => Ok(speed),
        Ok(_) => Err("the speed must be above 0 and at most 1000".into()),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_with_defaults_and_repeats() {
        let cli = Cli::try_parse_from([
            "floorview-proxy",
            "simulate",
            "--listen",
            "127.0.0.1:0",
            "--teams",
            "2",
            "--allow-origin",
            "http://a.example",
            "--allow-origin",
            "http://b.example",
            "--fault",
            "429:teamActivity:rate=0.5:retry-after=5",
        ])
        .unwrap();
        let Command::Simulate(args) = cli.command else {
            panic!("not simulate");
        };
        assert_eq!(args.teams, 2);
        assert_eq!(args.org, "demo");
        assert_eq!(args.allow_origin, ["http://a.example", "http://b.example"]);
        assert_eq!(args.fault.len(), 1);
    }

    #[test]
    fn a_speed_of_zero_is_refused() {
        assert!(Cli::try_parse_from(["floorview-proxy", "simulate", "--speed", "0"]).is_err());
    }
}
