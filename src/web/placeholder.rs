//! Views that are not built yet.

use leptos::prelude::*;

use crate::route::Route;

/// A view that has its route but not its content yet.
#[component]
pub fn Placeholder(route: Route) -> impl IntoView {
    view! {
        <section class="placeholder" data-testid=format!("view-{}", route.as_str())>
            <h2>{route.title()}</h2>
            <p>"This view is coming. The Overview shows teams and queues live."</p>
        </section>
    }
}
