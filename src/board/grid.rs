//! Where each tile of a board goes: tiles with a column and row keep them (when they
//! fit and are free), the rest flow into the first free cells in reading order, as
//! CSS grid's auto-placement would. Computed here, not left to CSS, so the number of
//! rows is known and every row gets its share of the screen.

use super::model::Board;

/// A tile's cell, 1-based, ready for `grid-area`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub col: u32,
    pub row: u32,
    pub col_span: u32,
    pub row_span: u32,
}

impl Cell {
    /// `grid-area: row / col / span rows / span cols`.
    pub fn area(self) -> String {
        format!(
            "{} / {} / span {} / span {}",
            self.row, self.col, self.row_span, self.col_span
        )
    }
}

/// The board's grid: a cell per tile, and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub cells: Vec<Cell>,
    pub columns: u32,
    pub rows: u32,
}

/// Places every tile of `board`.
pub fn place(board: &Board) -> Grid {
    let columns = board.columns.max(1);
    let mut taken: Vec<Vec<bool>> = Vec::new();
    let free = |taken: &Vec<Vec<bool>>, c: &Cell| {
        (c.row..c.row + c.row_span).all(|r| {
            (c.col..c.col + c.col_span).all(|col| {
                taken
                    .get(r as usize - 1)
                    .is_none_or(|line| !line.get(col as usize - 1).copied().unwrap_or(false))
            })
        })
    };
    let take = |taken: &mut Vec<Vec<bool>>, c: &Cell| {
        for r in c.row..c.row + c.row_span {
            while taken.len() < r as usize {
                taken.push(vec![false; columns as usize]);
            }
            for col in c.col..c.col + c.col_span {
                taken[r as usize - 1][col as usize - 1] = true;
            }
        }
    };
    let mut cells: Vec<Option<Cell>> = vec![None; board.tiles.len()];
    // First the tiles that say where they go.
    for (i, tile) in board.tiles.iter().enumerate() {
        let (Some(col), Some(row)) = (tile.col, tile.row) else {
            continue;
        };
        let col_span = tile.col_span.clamp(1, columns);
        let cell = Cell {
            col: col.min(columns + 1 - col_span),
            row,
            col_span,
            row_span: tile.row_span.max(1),
        };
        if free(&taken, &cell) {
            take(&mut taken, &cell);
            cells[i] = Some(cell);
        }
    }
    // Then the rest, each in the first free place it fits.
    for (i, tile) in board.tiles.iter().enumerate() {
        if cells[i].is_some() {
            continue;
        }
        let col_span = tile.col_span.clamp(1, columns);
        let row_span = tile.row_span.max(1);
        // Every tile fits below the last taken row, so the search ends there.
        let last_row = taken.len() as u32 + 1;
        let cell = (1..=last_row)
            .flat_map(|row| {
                (1..=columns + 1 - col_span).map(move |col| Cell {
                    col,
                    row,
                    col_span,
                    row_span,
                })
            })
            .find(|c| free(&taken, c))
            .unwrap_or(Cell {
                col: 1,
                row: 1,
                col_span,
                row_span,
            });
        take(&mut taken, &cell);
        cells[i] = Some(cell);
    }
    let cells: Vec<Cell> = cells.into_iter().flatten().collect();
    let needed = cells.iter().map(|c| c.row + c.row_span - 1).max().unwrap_or(1);
    Grid {
        cells,
        columns,
        rows: board.rows.unwrap_or(0).max(needed),
    }
}

/// The shape (width over height) of a tile of `board` on a 16:9 screen: what its
/// author saw.
fn designed_shape(board: &Board) -> f64 {
    let grid = place(board);
    (16.0 / f64::from(grid.columns)) / (9.0 / f64::from(grid.rows))
}

/// The columns `board` gets on an area of `width` × `height`: its own, unless its
/// tiles flow freely (none placed by hand) and another count gives tiles closer to
/// the shape its author saw on a 16:9 screen. A six-column board on a portrait
/// screen would otherwise have tiles nearly three times taller than wide, their
/// figures cut; with three it keeps its landscape look.
pub fn columns_for(board: &Board, width: f64, height: f64) -> u32 {
    let placed = board.tiles.iter().any(|t| t.col.is_some() && t.row.is_some());
    if placed || board.rows.is_some() || width <= 0.0 || height <= 0.0 || board.tiles.is_empty() {
        return board.columns;
    }
    let want = designed_shape(board).ln();
    let cells: u32 = board.tiles.iter().map(|t| t.col_span.max(1) * t.row_span.max(1)).sum();
    let miss = |columns: u32| {
        let grid = place(&Board {
            columns,
            ..board.clone()
        });
        let shape = (width / f64::from(columns)) / (height / f64::from(grid.rows));
        (shape.ln() - want).abs()
    };
    // Never wider than the board asks, nor more columns than cells.
    (1..=board.columns.max(1).min(cells.max(1)))
        .min_by(|a, b| miss(*a).total_cmp(&miss(*b)))
        .unwrap_or(board.columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::model::{Tile, TileKind};

    fn tile(col: Option<u32>, row: Option<u32>, col_span: u32, row_span: u32) -> Tile {
        Tile {
            title: String::new(),
            kind: TileKind::Message {
                text: String::new(),
                from: None,
                until: None,
            },
            col,
            row,
            col_span,
            row_span,
        }
    }

    fn board(columns: u32, tiles: Vec<Tile>) -> Board {
        Board {
            id: "b".into(),
            title: "B".into(),
            columns,
            rows: None,
            tiles,
        }
    }

    #[test]
    fn tiles_flow_into_the_first_free_cells() {
        let g = place(&board(
            3,
            vec![
                tile(None, None, 2, 1),
                tile(None, None, 2, 1),
                tile(None, None, 1, 2),
                tile(None, None, 1, 1),
            ],
        ));
        let at: Vec<(u32, u32)> = g.cells.iter().map(|c| (c.col, c.row)).collect();
        assert_eq!(at, [(1, 1), (1, 2), (3, 1), (1, 3)]);
        assert_eq!(g.rows, 3);
    }

    #[test]
    fn placed_tiles_keep_their_place_and_the_rest_flow_around_them() {
        let g = place(&board(2, vec![tile(None, None, 1, 1), tile(Some(1), Some(1), 2, 1)]));
        assert_eq!(
            g.cells[1],
            Cell {
                col: 1,
                row: 1,
                col_span: 2,
                row_span: 1
            }
        );
        assert_eq!((g.cells[0].col, g.cells[0].row), (1, 2));
        // Two tiles claiming one place: the second flows on.
        let g = place(&board(
            2,
            vec![tile(Some(2), Some(1), 1, 1), tile(Some(2), Some(1), 1, 1)],
        ));
        assert_eq!((g.cells[1].col, g.cells[1].row), (1, 1));
    }

    #[test]
    fn spans_wider_than_the_board_are_cut_to_it_and_cells_never_overlap() {
        let g = place(&board(
            2,
            vec![
                tile(Some(2), Some(1), 5, 1),
                tile(None, None, 3, 2),
                tile(None, None, 1, 1),
            ],
        ));
        assert_eq!(
            g.cells[0],
            Cell {
                col: 1,
                row: 1,
                col_span: 2,
                row_span: 1
            }
        );
        let mut seen = std::collections::HashSet::new();
        for c in &g.cells {
            for r in c.row..c.row + c.row_span {
                for col in c.col..c.col + c.col_span {
                    assert!(col <= g.columns && seen.insert((r, col)), "overlap at {r},{col}");
                }
            }
        }
        assert_eq!(g.cells[0].area(), "1 / 1 / span 1 / span 2");
    }

    #[test]
    fn a_portrait_screen_gets_fewer_columns_and_a_landscape_one_keeps_them() {
        let b = board(6, (0..24).map(|_| tile(None, None, 1, 1)).collect());
        assert_eq!(columns_for(&b, 1920.0, 1080.0), 6);
        assert_eq!(columns_for(&b, 3840.0, 2160.0), 6);
        // 6 × 4 tiles of shape 1.19 on a 16:9 screen; on a portrait one 3 × 8 gives
        // 1.5 and 4 × 6 gives 0.84: three is nearer.
        assert_eq!(columns_for(&b, 1080.0, 1920.0), 3);
        // Tiles placed by hand keep their author's grid.
        let mut placed = b.clone();
        placed.tiles[0].col = Some(1);
        placed.tiles[0].row = Some(1);
        assert_eq!(columns_for(&placed, 1080.0, 1920.0), 6);
        // Nothing measured yet: the board's own.
        assert_eq!(columns_for(&b, 0.0, 0.0), 6);
    }

    #[test]
    fn a_board_with_rows_keeps_them_even_when_its_tiles_need_fewer() {
        let mut b = board(2, vec![tile(None, None, 1, 1)]);
        b.rows = Some(3);
        assert_eq!(place(&b).rows, 3);
        assert_eq!(place(&board(4, Vec::new())).rows, 1);
    }
}
