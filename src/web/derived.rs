//! Memos of what is derived afresh from each answer.

use std::sync::Arc;

use leptos::prelude::*;

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
