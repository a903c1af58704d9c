//! The settings page's thresholds: warn and critical pairs for the queue figures and
//! for time in each agent state.

use leptos::prelude::*;

use super::fields::PairRow;
use crate::settings::STATE_FIELDS;

/// Warn and critical levels of the queue figures and of time in each agent state.
#[component]
pub fn Thresholds() -> impl IntoView {
    let pair = |group: &str, label: &str| {
        let metric = group.trim_start_matches("thresholds.");
        view! {
            <PairRow
                group=group.to_owned()
                label=label.to_owned()
                warn=format!("thresholds.{metric}Warn")
                critical=format!("thresholds.{metric}Critical")
            />
        }
    };
    view! {
        <table class="settings__table" data-testid="queue-thresholds">
            <caption>"Queues: where figures turn ▲ high and ◆ critical"</caption>
            <thead>
                <tr>
                    <th scope="col">"Figure"</th>
                    <th scope="col">"▲ High at"</th>
                    <th scope="col">"◆ Critical at"</th>
                    <th scope="col"><span class="visually-hidden">"Problem"</span></th>
                </tr>
            </thead>
            <tbody>
                {pair("thresholds.longestWait", "Longest wait (seconds or 2m)")}
                {pair("thresholds.queue", "In queue (contacts)")}
            </tbody>
        </table>
        <table class="settings__table" data-testid="state-thresholds">
            <caption>"Agents: time in state (empty for no limit)"</caption>
            <thead>
                <tr>
                    <th scope="col">"State"</th>
                    <th scope="col">"▲ High after"</th>
                    <th scope="col">"◆ Critical after"</th>
                    <th scope="col"><span class="visually-hidden">"Problem"</span></th>
                </tr>
            </thead>
            <tbody>
                {STATE_FIELDS
                    .iter()
                    .map(|(state, label)| {
                        view! {
                            <PairRow
                                group=format!("state.{state}")
                                label=*label
                                warn=format!("state.{state}.warn")
                                critical=format!("state.{state}.critical")
                            />
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
