//! Labelled inputs the views' toolbars share: a search box and a check box, each
//! with its visible label and test id, so every toolbar reads and behaves alike.

use leptos::prelude::*;

/// A search box under its label; `on_search` gets the text as it is typed.
#[component]
pub fn SearchBox(
    label: &'static str,
    placeholder: &'static str,
    testid: &'static str,
    /// What the box shows (the filter's text), when a view keeps it.
    #[prop(optional, into)]
    value: Option<Signal<String>>,
    on_search: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label class="control">
            <span class="control__label">{label}</span>
            <input
                type="search"
                class="control__input"
                placeholder=placeholder
                data-testid=testid
                prop:value=move || value.map(|v| v.get()).unwrap_or_default()
                on:input=move |ev| on_search(event_target_value(&ev))
            />
        </label>
    }
}

/// A check box followed by its label.
#[component]
pub fn CheckBox(
    label: &'static str,
    testid: &'static str,
    #[prop(into)] checked: Signal<bool>,
    on_change: impl Fn(bool) + 'static,
) -> impl IntoView {
    view! {
        <label class="control control--check">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || checked.get()
                on:change=move |ev| on_change(event_target_checked(&ev))
            />
            {label}
        </label>
    }
}
