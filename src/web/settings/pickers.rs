//! Teams, work types and contact lists: ticked from the proxy's catalogue when it
//! offers one, typed as comma-separated ids when it does not.

use floorview_reporting::Catalog;
use leptos::prelude::*;

use super::fields::{dom_id, expect_form, TextField};

/// Where the catalogue stands.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogState {
    Loading,
    Ready(Catalog),
    /// Why there is none; the pickers fall back to text.
    Unavailable(String),
}

/// The `(id, name)` choices of a list setting in the catalogue.
fn choices(catalog: &Catalog, field: &str) -> Vec<(String, String)> {
    match field {
        "teams" => catalog
            .teams
            .iter()
            .map(|t| (t.team_id.clone(), t.team_name.clone()))
            .collect(),
        "workTypes" => catalog
            .work_types
            .iter()
            .map(|w| (w.work_type_id.clone(), w.work_type_name.clone()))
            .collect(),
        _ => catalog
            .contact_lists
            .iter()
            .map(|l| (l.name.clone(), l.name.clone()))
            .collect(),
    }
}

/// One list setting: checkboxes from the catalogue, else a text field.
#[component]
pub fn ListPicker(
    field: &'static str,
    label: &'static str,
    hint: &'static str,
    catalog: RwSignal<CatalogState>,
) -> impl IntoView {
    let form = expect_form();
    let options = Memo::new(move |_| match catalog.get() {
        CatalogState::Ready(c) => Some(choices(&c, field)).filter(|c| !c.is_empty()),
        _ => None,
    });
    move || match options.get() {
        None => {
            let why = match catalog.get() {
                CatalogState::Unavailable(why) => format!("{hint} Comma-separated ids ({why})."),
                _ => format!("{hint} Comma-separated ids."),
            };
            view! { <TextField field=field label=label hint=why /> }.into_any()
        }
        Some(options) => {
            // Ids already chosen that the catalogue does not know stay choosable.
            let known: Vec<String> = options.iter().map(|(id, _)| id.clone()).collect();
            let unknown: Vec<(String, String)> = form.draft.with_untracked(|d| {
                d.list(field)
                    .into_iter()
                    .filter(|id| !known.contains(id))
                    .map(|id| (id.clone(), format!("{id} (not in the catalogue)")))
                    .collect()
            });
            let boxes = options
                .into_iter()
                .chain(unknown)
                .enumerate()
                .map(|(i, (id, name))| {
                    let box_id = format!("{}-{i}", dom_id(field));
                    let (checked_id, toggle_id) = (id.clone(), id.clone());
                    let text = if name.is_empty() || name == id {
                        id.clone()
                    } else {
                        format!("{name} ({id})")
                    };
                    view! {
                        <li class="picker__item">
                            <input
                                type="checkbox"
                                id=box_id.clone()
                                value=id
                                prop:checked=move || form.draft.with(|d| d.list(field).contains(&checked_id))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    form.draft.update(|d| toggle(d, field, &toggle_id, on));
                                }
                            />
                            <label for=box_id>{text}</label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field picker" data-testid=format!("picker-{field}")>
                    <legend class="field__label">{label}</legend>
                    <p class="field__hint">{hint}" From the proxy's catalogue."</p>
                    <ul class="picker__list">{boxes}</ul>
                </fieldset>
            }
            .into_any()
        }
    }
}

/// Adds or removes `id` in list field `field`, keeping the order of the others.
fn toggle(draft: &mut crate::settings::Draft, field: &str, id: &str, on: bool) {
    let mut ids = draft.list(field);
    ids.retain(|x| x != id);
    if on {
        ids.push(id.to_owned());
    }
    draft.set(field, &ids.join(", "));
}
