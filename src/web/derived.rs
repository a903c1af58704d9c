//! Memos of what is derived afresh from each answer.

use std::sync::Arc;

use leptos::prelude::*;

use crate::agents::TeamAgents;
use crate::web::store::Store;

/// A memo of `derive`, a value built afresh from each answer (or `None` before
/// one), that tells its readers of every new build without comparing it to the
/// last: a new payload is a new list, and comparing thousands of rows would cost
/// more than the readers it spares.
pub fn per_answer<T: Send + Sync + 'static>(
    derive: impl Fn() -> Option<Arc<T>> + Send + Sync + 'static,
) -> Memo<Option<Arc<T>>> {
    Memo::new_with_compare(
        move |_| derive(),
        |a, b| match (a, b) {
            (Some(Some(a)), Some(Some(b))) => !Arc::ptr_eq(a, b),
            (Some(None), Some(None)) => false,
            _ => true,
        },
    )
}

/// Each configured team's agents, read once per answer of that team and only for a
/// reader (memos are lazy): while the teams answer one by one, a reader of all of
/// them reads one team again, not ten.
pub fn team_agents(store: &Store) -> Vec<Memo<Option<Arc<TeamAgents>>>> {
    store
        .users
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            let slot = slot.clone();
            per_answer(move || {
                slot.data.with(|d| {
                    d.as_ref()
                        .map(|s| Arc::new(TeamAgents::from_payload(&s.value, i, &slot.id, &s.at)))
                })
            })
        })
        .collect()
}
