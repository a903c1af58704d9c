//! The settings page's thresholds: warn and critical pairs for the queue figures and
//! for time in each agent state.

use leptos::prelude::*;

use super::fields::PairRow;
use crate::settings::STATE_FIELDS;

/// Warn and critical levels of the queue figures and of time in each agent state.
#[component]
pub fn Thresholds() -> impl IntoView {
    let queue_pair = |metric: &str, label: &'static str| Pair {
        group: format!("thresholds.{metric}"),
        label,
        warn: format!("thresholds.{metric}Warn"),
        critical: format!("thresholds.{metric}Critical"),
    };
    let queues = vec![
        queue_pair("longestWait", "Longest wait (seconds or 2m)"),
        queue_pair("queue", "In queue (contacts)"),
    ];
    let states = STATE_FIELDS
        .iter()
        .map(|(state, label)| Pair {
            group: format!("state.{state}"),
            label,
            warn: format!("state.{state}.warn"),
            critical: format!("state.{state}.critical"),
        })
        .collect();
    view! {
        <PairTable
            testid="queue-thresholds"
            caption="Queues: where figures turn ▲ high and ◆ critical"
            columns=["Figure", "▲ High at", "◆ Critical at"]
            pairs=queues
        />
        <PairTable
            testid="state-thresholds"
            caption="Agents: time in state (empty for no limit)"
            columns=["State", "▲ High after", "◆ Critical after"]
            pairs=states
        />
    }
}

/// One warn/critical row: its form group, its label and its two fields.
struct Pair {
    group: String,
    label: &'static str,
    warn: String,
    critical: String,
}

/// A table of warn/critical rows under a caption.
#[component]
#[allow(clippy::needless_pass_by_value)] // a component's props are owned
fn PairTable(
    testid: &'static str,
    caption: &'static str,
    columns: [&'static str; 3],
    pairs: Vec<Pair>,
) -> impl IntoView {
    view! {
        <table class="settings__table" data-testid=testid>
            <caption>{caption}</caption>
            <thead>
                <tr>
                    {columns.map(|c| view! { <th scope="col">{c}</th> })}
                    <th scope="col"><span class="visually-hidden">"Problem"</span></th>
                </tr>
            </thead>
            <tbody>
                {pairs
                    .into_iter()
                    .map(|p| view! { <PairRow group=p.group label=p.label warn=p.warn critical=p.critical /> })
                    .collect_view()}
            </tbody>
        </table>
    }
}
