//! The agent table's columns (header text, CSS/test name, which way each sorts
//! first) and the sort a header click chooses, apart from `layout.rs`'s filtering,
//! merging and sort keys, which read them.

/// A sortable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Team,
    State,
    Reason,
    InState,
    SignedOn,
    Interactions,
    SignOnTime,
    StateStart,
}

impl Column {
    /// Every column, in table order.
    pub const ALL: [Column; 9] = [
        Column::Name,
        Column::Team,
        Column::State,
        Column::Reason,
        Column::InState,
        Column::SignedOn,
        Column::Interactions,
        Column::SignOnTime,
        Column::StateStart,
    ];

    /// The header text.
    pub fn title(self) -> &'static str {
        match self {
            Column::Name => "Agent",
            Column::Team => "Team",
            Column::State => "State",
            Column::Reason => "Reason",
            Column::InState => "Time in state",
            Column::SignedOn => "Signed on for",
            Column::Interactions => "Interactions",
            Column::SignOnTime => "Signed on at",
            Column::StateStart => "State since",
        }
    }

    /// Name in URLs and test ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Team => "team",
            Column::State => "state",
            Column::Reason => "reason",
            Column::InState => "in-state",
            Column::SignedOn => "signed-on",
            Column::Interactions => "interactions",
            Column::SignOnTime => "sign-on-time",
            Column::StateStart => "state-start",
        }
    }

    /// The first click sorts longest durations and most interactions first, names
    /// from A.
    pub fn descending_first(self) -> bool {
        matches!(self, Column::InState | Column::SignedOn | Column::Interactions)
    }
}

/// Sort column and direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Default for Sort {
    /// Longest in state first: who needs attention.
    fn default() -> Self {
        Sort {
            column: Column::InState,
            descending: true,
        }
    }
}

impl Sort {
    /// The sort after a click on `column`: the other direction of the same column,
    /// or the column's natural first direction.
    pub fn toggled(self, column: Column) -> Sort {
        if self.column == column {
            Sort {
                column,
                descending: !self.descending,
            }
        } else {
            Sort {
                column,
                descending: column.descending_first(),
            }
        }
    }
}
