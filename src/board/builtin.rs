//! The two boards that need nothing beyond the configured teams and work types:
//! "Floor" (people) and "Queues" (work), built from the deployment's thresholds.

use super::figure::Reduction;
use super::metric::Metric;
use super::model::{Alarm, Board, Reading, Scope, Tile, TileKind, TopOf};
use super::threshold::{Direction, TileLimit};
use crate::config::{Config, Limit};

/// Work types given a tile of their own on the Queues board; more are in its totals
/// and top list (a tile per work type of a 30-type floor would be unreadable).
const OWN_TILES: usize = 8;

/// The built-in boards, for `config`'s floor.
pub fn boards(config: &Config) -> Vec<Board> {
    vec![floor(config), queues(config)]
}

fn reading(metric: &str, reduction: Reduction) -> Reading {
    Reading {
        // The names are this module's own, tested below.
        metric: Metric::parse(metric).unwrap_or(Metric::LoggedOn),
        scope: Scope::default(),
        state: None,
        reduction,
    }
}

fn number(title: &str, reading: Reading, limit: TileLimit) -> Tile {
    Tile {
        title: title.to_owned(),
        kind: TileKind::Number {
            reading,
            limit,
            alarm: Alarm::default(),
            sparkline_min: 0,
            show_change: false,
        },
        col: None,
        row: None,
        col_span: 1,
        row_span: 1,
    }
}

/// The deployment's pair, with a dwell and clear that keep a wallboard calm.
fn limit(pair: Limit) -> TileLimit {
    TileLimit {
        warn: Some(pair.warn),
        critical: Some(pair.critical),
        direction: Direction::Above,
        dwell_s: 10.0,
        clear_s: 30.0,
    }
}

fn floor(config: &Config) -> Board {
    let t = &config.thresholds;
    let tiles = vec![
        number("Signed on", reading("signedOn", Reduction::Sum), TileLimit::default()),
        number("Available", reading("available", Reduction::Sum), TileLimit::default()),
        number("Waiting", reading("queue", Reduction::Sum), limit(t.queue())),
        number(
            "Longest wait",
            reading("longestWait", Reduction::Max),
            limit(t.longest_wait()),
        ),
        Tile {
            title: "Occupancy".to_owned(),
            kind: TileKind::Gauge {
                reading: reading("occupancy", Reduction::Sum),
                limit: TileLimit::default(),
                alarm: Alarm::default(),
                max: 100.0,
            },
            ..number("", reading("occupancy", Reduction::Sum), TileLimit::default())
        },
        number(
            "Over their limit",
            reading("agentsOverLimit", Reduction::Sum),
            TileLimit {
                warn: Some(1.0),
                critical: Some(5.0),
                ..limit(t.queue())
            },
        ),
        Tile {
            title: "Agent states".to_owned(),
            kind: TileKind::StateBar {
                scope: Scope::default(),
            },
            col_span: 2,
            ..number("", reading("signedOn", Reduction::Sum), TileLimit::default())
        },
        Tile {
            title: "Longest in state".to_owned(),
            kind: TileKind::TopList {
                of: TopOf::TimeInState,
                scope: Scope::default(),
                state: None,
                count: 5,
            },
            col_span: 2,
            ..number("", reading("signedOn", Reduction::Sum), TileLimit::default())
        },
        number("Not ready", reading("notReady", Reduction::Sum), TileLimit::default()),
        number("In wrap", reading("agentsInWrap", Reduction::Sum), TileLimit::default()),
    ];
    Board {
        id: "floor".to_owned(),
        title: "Floor".to_owned(),
        columns: 4,
        rows: None,
        tiles,
    }
}

fn queues(config: &Config) -> Board {
    let t = &config.thresholds;
    let mut tiles = vec![
        number("Waiting", reading("queue", Reduction::Sum), limit(t.queue())),
        number(
            "Longest wait",
            reading("longestWait", Reduction::Max),
            limit(t.longest_wait()),
        ),
        number(
            "In progress",
            reading("inProgress", Reduction::Sum),
            TileLimit::default(),
        ),
        number("On hold", reading("onHold", Reduction::Sum), TileLimit::default()),
    ];
    for work_type in config.work_types.iter().take(OWN_TILES) {
        let scope = Scope {
            work_types: vec![work_type.clone()],
            ..Scope::default()
        };
        tiles.push(number(
            &format!("{work_type}: waiting"),
            Reading {
                scope,
                ..reading("queue", Reduction::Sum)
            },
            limit(t.queue()),
        ));
    }
    tiles.push(Tile {
        title: "Longest waits".to_owned(),
        kind: TileKind::TopList {
            of: TopOf::LongestWait,
            scope: Scope::default(),
            state: None,
            count: 5,
        },
        col_span: 2,
        ..number("", reading("queue", Reduction::Sum), TileLimit::default())
    });
    Board {
        id: "queues".to_owned(),
        title: "Queues".to_owned(),
        columns: 4,
        rows: None,
        tiles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::grid::place;

    #[test]
    fn the_built_in_boards_read_real_metrics_and_fit_their_grid() {
        let config = Config {
            work_types: (1..=30).map(|i| format!("wt{i}")).collect(),
            ..Config::default()
        };
        let boards = boards(&config);
        assert_eq!(
            boards.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(),
            ["floor", "queues"]
        );
        for board in &boards {
            for tile in &board.tiles {
                if let Some((reading, ..)) = tile.kind.limit() {
                    assert_ne!(
                        reading.metric,
                        Metric::LoggedOn,
                        "{}: a metric name is wrong",
                        tile.title
                    );
                }
            }
            let grid = place(board);
            assert!(grid.rows <= 4, "{} needs {} rows", board.id, grid.rows);
        }
        // Eight work types of their own, whatever the floor's size.
        assert_eq!(
            boards[1]
                .tiles
                .iter()
                .filter(|t| t.title.ends_with(": waiting"))
                .count(),
            OWN_TILES
        );
    }
}
