//! The Agents view's logic: agents made from `userActivity` rows, their state
//! badges, the table's filtering, sorting and grouping, and virtual scrolling.

pub mod agent;
pub mod columns;
mod sort_key;
pub mod state;
pub mod table;
mod team_order;
pub mod ticking;
pub mod window;

pub use agent::{Agent, TeamAgents};
pub use columns::{Column, Sort};
pub use state::StateBadge;
pub use table::{layout, merge, Arrange, Choice, Filter, Layout, Line, TeamOrder, Teams};
pub use window::{Window, DEFAULT_LINE_PX};
