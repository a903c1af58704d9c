//! Which Agents columns a kiosk screen shows: by a fixed priority, as many as fit
//! its width at its type size, so no column is ever cut off at the edge.

use crate::agents::Column;

/// The order columns are kept in when the screen is too narrow for all: who, in
/// what state, for how long, then the rest.
pub const COLUMN_PRIORITY: [Column; 9] = [
    Column::Name,
    Column::State,
    Column::InState,
    Column::Team,
    Column::Reason,
    Column::SignedOn,
    Column::StateStart,
    Column::Interactions,
    Column::SignOnTime,
];

/// A column's width in ems of the table's text: its widest usual content (or
/// header) and the cell's padding.
fn column_width_em(column: Column) -> f64 {
    match column {
        Column::Name => 13.0,
        Column::Team => 10.0,
        Column::State => 9.5,
        Column::Reason => 9.0,
        Column::InState => 10.5,
        Column::SignedOn => 9.0,
        Column::Interactions => 8.5,
        Column::SignOnTime => 8.5,
        Column::StateStart => 8.0,
    }
}

/// The columns that fit `width_em` ems, in table order; the name always.
pub fn columns_that_fit(width_em: f64) -> Vec<Column> {
    let mut used = 0.0;
    let mut kept = Vec::new();
    for column in COLUMN_PRIORITY {
        used += column_width_em(column);
        if used > width_em && !kept.is_empty() {
            break;
        }
        kept.push(column);
    }
    Column::ALL.into_iter().filter(|c| kept.contains(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_screen_shows_every_column() {
        assert_eq!(columns_that_fit(100.0), Column::ALL.to_vec());
    }

    #[test]
    fn a_narrow_screen_keeps_name_state_and_time_first() {
        assert_eq!(
            columns_that_fit(34.0),
            vec![Column::Name, Column::State, Column::InState]
        );
        assert_eq!(
            columns_that_fit(53.0),
            vec![
                Column::Name,
                Column::Team,
                Column::State,
                Column::Reason,
                Column::InState
            ]
        );
        assert_eq!(columns_that_fit(5.0), vec![Column::Name]);
    }

    #[test]
    fn the_priority_names_every_column_once() {
        for column in Column::ALL {
            assert_eq!(COLUMN_PRIORITY.iter().filter(|c| **c == column).count(), 1);
        }
    }
}
