//! The settings page (`#/settings`): edits what this browser saves over the
//! deployment's `config.json`, exports and imports it, and builds wallboard links.

mod browser_io;
mod fields;
mod pickers;
mod thresholds;
mod wallboard;

use std::fmt::Write;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use wasm_bindgen::JsCast;

use self::browser_io::{download, fetch_catalog, read_chosen_file};
use self::fields::{dom_id, first_error, Form, SelectField, TextField};
use self::pickers::{CatalogState, ListPicker};
use self::thresholds::Thresholds;
use self::wallboard::WallboardLink;
use crate::config::table::label;
use crate::config::{resolve, Config, Layer, Theme, SAVED_SETTINGS_KEY};
use crate::settings::{import, overrides, to_json, Draft};
use crate::web::browser::{self, focus};
use crate::web::reconfigure::{Layers, Reconfigure};

/// `resolve` over the layers that are there.
fn config_of(layers: &[(Layer, &Value)]) -> Config {
    let present: Vec<(Layer, Value)> = layers
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(l, v)| (*l, (*v).clone()))
        .collect();
    resolve(&present).config
}

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let layers = use_context::<Layers>().unwrap_or(Layers {
        file: Value::Null,
        saved: Value::Null,
    });
    let reconfigure = use_context::<Reconfigure>();
    let deployment = config_of(&[(Layer::File, &layers.file)]);
    let current = config_of(&[(Layer::File, &layers.file), (Layer::Saved, &layers.saved)]);
    let draft = RwSignal::new(Draft::from_config(&current));
    provide_context(Form { draft });
    let status = RwSignal::new(reconfigure.and_then(Reconfigure::take_notice).unwrap_or_default());
    let catalog = RwSignal::new(CatalogState::Loading);
    let (base, timeout_ms) = (current.base_url().to_owned(), current.timeout_s * 1000);
    spawn_local(async move {
        let state = match fetch_catalog(&base, timeout_ms).await {
            Ok(c) => CatalogState::Ready(c),
            Err(why) => CatalogState::Unavailable(why),
        };
        catalog.try_set(state);
    });
    let boards: Vec<(String, String)> = crate::board::all(&current)
        .into_iter()
        .map(|b| (b.id, b.title))
        .collect();
    let new_board = crate::board::editor::fresh_id(&boards.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>());
    let deployment_json = StoredValue::new(to_json(&deployment));
    let (current, deployment) = (StoredValue::new(current), StoredValue::new(deployment));

    let attention = move |errors: Vec<(String, String)>| {
        let first = errors.first().map(|(_, e)| e.clone()).unwrap_or_default();
        status.set(format!(
            "{} setting(s) need attention; the first: {first}",
            errors.len()
        ));
        if let Some(field) = draft.with_untracked(first_error) {
            focus(&dom_id(&field));
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.with_untracked(|d| d.to_config(&current.get_value())) {
            Err(errors) => attention(errors),
            Ok(config) => {
                let saved = overrides(&to_json(&config), &deployment_json.get_value());
                let text = (!saved.is_empty()).then(|| Value::Object(saved).to_string());
                if !browser::store(SAVED_SETTINGS_KEY, text.as_deref()) {
                    status.set("This browser refused to save settings (private mode or full storage).".into());
                } else if let Some(r) = reconfigure {
                    r.reload_saying("Settings saved and applied.");
                }
            }
        }
    };
    let reset = move |_| {
        browser::store(SAVED_SETTINGS_KEY, None);
        if let Some(r) = reconfigure {
            r.reload_saying("Saved settings removed: the deployment's settings apply.");
        }
    };
    let export = move |_| match draft.with_untracked(|d| d.to_config(&current.get_value())) {
        Err(errors) => attention(errors),
        Ok(config) => {
            let text = serde_json::to_string_pretty(&to_json(&config)).unwrap_or_default();
            match download("config.json", &text, "application/json") {
                Ok(()) => status.set("Exported config.json.".into()),
                Err(e) => status.set(format!("Export failed: {e}.")),
            }
        }
    };
    let chosen = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        spawn_local(async move {
            let read = read_chosen_file(&input).await;
            // The same file chosen again must fire `change` again.
            input.set_value("");
            let said = match read.and_then(|text| import(&text, &deployment_json.get_value())) {
                Err(e) => format!("Nothing imported: {e}."),
                Ok((config, issues)) => {
                    draft.try_set(Draft::from_config(&config));
                    // What the form has no field for (boards, kiosk switches) is saved
                    // from the imported file too, not from the settings it replaces.
                    current.set_value(config);
                    let mut said = "Imported config.json: review, then Save to apply.".to_owned();
                    for issue in issues {
                        // Writing to a String cannot fail.
                        let _ = write!(said, " {issue}.");
                    }
                    said
                }
            };
            status.try_set(said);
        });
    };
    let url_keys: Vec<String> = browser::url_params().into_iter().map(|(k, _)| k).collect();

    view! {
        <section class="settings" data-testid="view-settings" aria-labelledby="settings-title">
            <h2 id="settings-title" class="settings__title">"Settings"</h2>
            <p class="settings__intro">
                "Saved in this browser only, over the deployment's config.json: what you leave unchanged follows it. Settings never hold passwords or keys."
            </p>
            {(!url_keys.is_empty())
                .then(|| {
                    view! {
                        <p class="notice" data-testid="url-overrides">
                            {format!("The address bar sets {}: it wins over saved settings in this tab.", url_keys.join(", "))}
                        </p>
                    }
                })}
            <form class="settings__form" novalidate on:submit=save>
                <fieldset class="settings__group">
                    <legend>"Connection"</legend>
                    <TextField field="proxyUrl" label=label("proxyUrl") hint="Empty for this site, a path, or https://… (no user name or password)." />
                    <TextField field="orgId" label=label("orgId") />
                    <TextField field="tzOffset" label=label("tzOffset") hint="For agent times, e.g. +01:00, -05:30 or Z; empty for the server's." />
                </fieldset>
                <fieldset class="settings__group">
                    <legend>"Teams and queues"</legend>
                    <ListPicker field="teams" label=label("teams") hint="One card per team." catalog=catalog />
                    <ListPicker field="workTypes" label=label("workTypes") hint="One queue panel per work type." catalog=catalog />
                    <ListPicker field="contactLists" label=label("contactLists") hint="Outbound lists." catalog=catalog />
                </fieldset>
                <fieldset class="settings__group">
                    <legend>"Polling"</legend>
                    <p class="field__hint">"Seconds between requests, or a duration like 10s or 2m."</p>
                    <div class="settings__row">
                        <TextField field="poll.teamActivity" label="Teams" inputmode="decimal" />
                        <TextField field="poll.userActivity" label="Agents" inputmode="decimal" />
                        <TextField field="poll.channelActivity" label="Queues" inputmode="decimal" />
                        <TextField field="poll.listActivity" label="Outbound lists" inputmode="decimal" />
                        <TextField field="poll.presence" label="Presence" inputmode="decimal" />
                    </div>
                </fieldset>
                <fieldset class="settings__group">
                    <legend>"Thresholds"</legend>
                    <Thresholds />
                </fieldset>
                <fieldset class="settings__group">
                    <legend>"Appearance"</legend>
                    <div class="settings__row">
                        <SelectField
                            field="theme"
                            label=label("theme")
                            options=Theme::ALL.iter().map(|t| (t.as_str(), t.title().to_owned())).collect()
                        />
                        <SelectField
                            field="textScale"
                            label=label("textScale")
                            options=[("0.9", "90 %"), ("1", "100 %"), ("1.25", "125 %"), ("1.5", "150 %"), ("1.75", "175 %"), ("2", "200 %")]
                                .into_iter()
                                .map(|(v, t)| (v, t.to_owned()))
                                .collect()
                        />
                    </div>
                </fieldset>
                <fieldset class="settings__group" data-testid="settings-boards">
                    <legend>"Boards"</legend>
                    <ul class="settings__boards">
                        {boards
                            .into_iter()
                            .map(|(id, title)| view! {
                                <li>
                                    <a href=format!("#/board/{id}")>{title}</a>
                                    " · "
                                    <a href=format!("#/board/{id}/edit") aria-label=format!("Edit board {id}")>"Edit"</a>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                    <a class="button" href=format!("#/board/{new_board}/edit") data-testid="new-board">"New board"</a>
                </fieldset>
                <WallboardLink current=current deployment=deployment />
                <div class="settings__actions">
                    <button type="submit" class="button button--primary" data-testid="save">"Save"</button>
                    <button type="button" class="button" on:click=reset data-testid="reset">"Reset to deployment defaults"</button>
                    <button type="button" class="button" on:click=export data-testid="export">"Export config.json"</button>
                    <button type="button" class="button" on:click=move |_| focus_file_input() data-testid="import">"Import config.json…"</button>
                    <input
                        id="import-file"
                        type="file"
                        accept=".json,application/json"
                        hidden
                        on:change=chosen
                        data-testid="import-file"
                    />
                </div>
                <p class="settings__message" role="status" data-testid="settings-status">{move || status.get()}</p>
            </form>
        </section>
    }
}

/// Opens the file chooser of the hidden import input.
fn focus_file_input() {
    if let Some(input) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("import-file"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        input.click();
    }
}
