//! Prints the `reporting` benchmark figures as one JSON object (run by
//! `cargo xtask bench reporting`, in release mode).

use std::hint::black_box;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use floorview_reporting::models::QueryDataList;
use floorview_reporting::sim::{SimConfig, Simulator};
use floorview_reporting::{decode, Catalog, Endpoint, Query, TzOffset};

const RUNS: usize = 31;

fn main() -> Result<(), String> {
    let config = SimConfig {
        seed: 7,
        teams: 50,
        agents_per_team: 200,
        work_types: 10,
        contact_lists: 5,
    };
    let start = Utc
        .with_ymd_and_hms(2026, 11, 2, 9, 0, 0)
        .single()
        .ok_or("not a valid fixed date")?;
    let mut sim = Simulator::new(config, start).map_err(|e| format!("benchmark scale: {e}"))?;
    let catalog = sim.catalog();

    // One body holding every signed-on agent of the floor.
    let rows: Vec<_> = catalog
        .teams
        .iter()
        .flat_map(|t| {
            sim.user_activity(&t.team_id, TzOffset::UTC)
                .map(|u| u.rows)
                .unwrap_or_default()
        })
        .collect();
    let agents_in_body = rows.len();
    let body = serde_json::to_string(&QueryDataList::new(rows)).map_err(|e| format!("serialising: {e}"))?;
    decode::user_activity(&body).map_err(|e| format!("the floor's body does not decode: {e}"))?;

    let decode = timed(|| {
        let decoded = decode::user_activity(black_box(&body));
        black_box(decoded.map(|d| d.value.rows.len()).ok());
    });

    // Every query a wallboard of the whole floor makes, answered as the proxy answers
    // them (`Simulator::body`), after one tick.
    let queries = floor_queries(&catalog)?;
    let step = timed(|| {
        sim.step();
        let bytes: usize = queries.iter().filter_map(|q| sim.body(q)).map(|body| body.len()).sum();
        black_box(bytes);
    });

    let step_only = timed(|| sim.step());

    // Medians are the contract; the fastest runs show the cost without the noise of
    // a shared machine.
    println!(
        "{{\"decode_10k_ms\":{:.3},\"sim_step_10k_ms\":{:.3},\"sim_step_only_10k_ms\":{:.3},\
         \"decode_10k_min_ms\":{:.3},\"sim_step_10k_min_ms\":{:.3},\
         \"decode_body_bytes\":{},\"decode_agents\":{agents_in_body}}}",
        decode.median,
        step.median,
        step_only.median,
        decode.min,
        step.min,
        body.len()
    );
    Ok(())
}

/// The median and the fastest of [`RUNS`] runs, in milliseconds.
struct Timing {
    median: f64,
    min: f64,
}

fn timed(mut f: impl FnMut()) -> Timing {
    let mut samples: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    Timing {
        median: samples[samples.len() / 2],
        min: samples[0],
    }
}

/// One query per team for `teamActivity` and `userActivity`, per work type for
/// `channelActivity`, per contact list for `listActivity`, and the whole floor's
/// presence.
fn floor_queries(catalog: &Catalog) -> Result<Vec<Query>, String> {
    let query = |endpoint: Endpoint, params: &[(&str, &str)]| {
        Query::new(endpoint, "demo", params.iter().copied()).map_err(|e| format!("{endpoint}: {e}"))
    };
    let mut queries = Vec::new();
    for team in &catalog.teams {
        queries.push(query(Endpoint::TeamActivity, &[("teamId", &team.team_id)])?);
        queries.push(query(Endpoint::UserActivity, &[("teamId", &team.team_id)])?);
    }
    for work_type in &catalog.work_types {
        queries.push(query(
            Endpoint::ChannelActivity,
            &[("workTypeId", &work_type.work_type_id)],
        )?);
    }
    for list in &catalog.contact_lists {
        queries.push(query(Endpoint::ListActivity, &[("contactList", &list.name)])?);
    }
    queries.push(query(Endpoint::PresenceUsers, &[("state", "LoggedOn")])?);
    Ok(queries)
}
