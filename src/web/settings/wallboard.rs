//! "Copy wallboard link": the kiosk URL built from the form, copied and shown.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser_io::copy_to_clipboard;
use super::fields::{expect_form, SelectField, TextField};
use crate::config::table::label;
use crate::config::Config;
use crate::fit::Fit;
use crate::settings::{wallboard_link, LinkRequest, WallboardLink};
use crate::web::{browser, packed_link};

/// The rotation, its period, the viewer-key box and the link.
#[component]
pub fn WallboardLink(current: StoredValue<Config>, deployment: StoredValue<Config>) -> impl IntoView {
    let form = expect_form();
    let include_key = RwSignal::new(false);
    let has_key = browser::viewer_key().is_some();
    let link = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let copy = move |_| {
        let built: Result<WallboardLink, Vec<(String, String)>> = form.draft.with_untracked(|d| {
            let settings = d.to_config(&current.get_value())?;
            let key = include_key.get_untracked().then(browser::viewer_key).flatten();
            Ok(wallboard_link(&LinkRequest {
                base: &browser::app_base_url(),
                settings: &settings,
                deployment: &deployment.get_value(),
                views: &d.list("playlist"),
                viewer_key: key.as_deref(),
            }))
        });
        match built {
            Err(errors) => message.set(format!(
                "No link yet: {} setting(s) need attention first.",
                errors.len()
            )),
            Ok(built) => {
                spawn_local(async move {
                    // Boards that would make the link too long are packed into its fragment.
                    let url = match &built.to_pack {
                        None => built.link.clone(),
                        Some(boards) => match packed_link::pack(boards).await {
                            Ok(packed) => built.with_packed(&packed),
                            Err(e) => {
                                message.try_set(format!("No link: the boards could not be packed into it ({e})."));
                                return;
                            }
                        },
                    };
                    link.try_set(url.clone());
                    let said = match copy_to_clipboard(&url).await {
                        Ok(()) => "Copied. Open it on the wallboard's browser to show this screen.".to_owned(),
                        Err(e) => format!("Select the link below and copy it ({e})."),
                    };
                    message.try_set(said);
                });
            }
        }
    };
    view! {
        <fieldset class="settings__group" data-testid="wallboard">
            <legend>"Wallboard link"</legend>
            <p class="field__hint">
                "One link sets a kiosk up in any browser: it carries the views, rotation, fit, teams, work types, theme and every setting that differs from this deployment's."
            </p>
            <TextField
                field="playlist"
                label=label("playlist")
                hint="Comma-separated: overview, agents, queues, outbound, presence."
            />
            <TextField field="rotateSeconds" label=label("rotateSeconds") inputmode="numeric" />
            <SelectField
                field="fit"
                label=label("fit")
                options=Fit::ALL.iter().map(|f| (f.as_str(), f.title().to_owned())).collect()
            />
            <div class="field field--check">
                <input
                    type="checkbox"
                    id="include-key"
                    disabled=!has_key
                    prop:checked=move || include_key.get()
                    on:change=move |ev| include_key.set(event_target_checked(&ev))
                    aria-describedby="include-key-hint"
                    data-testid="include-key"
                />
                <label for="include-key">"Put this tab's viewer key in the link"</label>
                <p class="field__hint" id="include-key-hint">
                    {if has_key {
                        "Anyone who gets the link can then read the floor's data. Leave it off to give the wallboard its key separately (open it once with #key=…)."
                    } else {
                        "This tab has no viewer key."
                    }}
                </p>
            </div>
            <button type="button" class="button" on:click=copy data-testid="copy-link">
                "Copy wallboard link"
            </button>
            <p class="settings__message" role="status" data-testid="link-status">{move || message.get()}</p>
            <Show when=move || !link.with(String::is_empty)>
                <div class="field">
                    <label for="wallboard-link" class="field__label">"Wallboard link"</label>
                    <input
                        id="wallboard-link"
                        class="field__input settings__link"
                        type="url"
                        readonly
                        prop:value=move || link.get()
                        data-testid="wallboard-link"
                    />
                </div>
            </Show>
        </fieldset>
    }
}
