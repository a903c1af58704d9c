//! The stacked bar of agents over states, shared by the team card and the board's
//! state-bar tile: one span per state with agents in it, as wide as its share.

use leptos::prelude::*;

use crate::overview::{describe_segments, Segment};

/// The bar of `segments`, described in words for screen readers. `labelled` writes
/// each part's name and count inside it where they fit (the team card); a board
/// tile's thin bar carries a legend instead.
#[component]
pub fn StateBar(segments: Memo<Vec<Segment>>, labelled: bool, #[prop(optional)] class: &'static str) -> impl IntoView {
    let description = move || segments.with(|s| describe_segments(s));
    view! {
        <div class=format!("state-bar {class}") role="img" aria-label=description data-testid="state-bar">
            // Redrawn whole (at most eleven spans): a keyed <For> whose keys change with
            // every count left wasm memory growing by ~100 KB a minute on a wallboard
            // (measured with `cargo xtask bench soak`).
            {move || {
                segments
                    .get()
                    .into_iter()
                    .map(|seg| {
                        let label = labelled.then(|| segment_label(seg.label, seg.count, seg.percent));
                        view! {
                            <span
                                class=format!("state-bar__segment state--{}", seg.class)
                                style:width=format!("{:.2}%", seg.percent)
                                title=format!("{}: {} ({:.0} %)", seg.label, seg.count, seg.percent)
                            >
                                {label.map(|l| view! { <span class="state-bar__label">{l}</span> })}
                            </span>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// Name and count where they fit, the count alone where only it fits; the counters
/// beside the bar carry every state's name and number.
fn segment_label(label: &str, count: u32, percent: f64) -> String {
    if percent >= 28.0 {
        format!("{label} {count}")
    } else if percent >= 7.0 {
        count.to_string()
    } else {
        String::new()
    }
}
