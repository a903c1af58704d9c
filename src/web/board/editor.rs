//! The board editor (`#/board/ID/edit`): a form of the board's tiles beside a live
//! preview of it. Every control is a native one (inputs, selects, buttons), so the
//! whole editor works by keyboard; each field's reason, from the same reader as
//! `config.json` ([`crate::board::editor`]), is shown beside it. Saving puts the
//! board in this browser's saved settings, where export, import and the wallboard
//! link find it.

use leptos::prelude::*;
use serde_json::Value;

use super::BoardView;
use crate::board::editor::{fields_of, BoardDraft, Checked, Field, Input, Target, BOARD_FIELDS, FIELDS};
use crate::board::{self, Board};
use crate::config::{Config, SAVED_SETTINGS_KEY};
use crate::web::browser::{self, focus};
use crate::web::reconfigure::{Layers, Reconfigure};

/// The form's state, shared by its controls.
#[derive(Clone, Copy)]
struct Form {
    draft: RwSignal<BoardDraft>,
    checked: Memo<Checked>,
}

/// The DOM id of a field.
fn dom_id(target: Target) -> String {
    match target {
        Target::Board(key) => format!("board-{key}"),
        Target::Tile(tile, key) => format!("tile-{tile}-{}", key.replace('.', "-")),
    }
}

/// The editor of board `id`: the board as it is, or a new one.
#[allow(clippy::needless_pass_by_value)] // a component's props are owned
#[component]
pub(super) fn BoardEditor(id: String, board: Option<Board>) -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let saved = use_context::<Layers>().map_or(Value::Null, |l| l.saved);
    let reconfigure = use_context::<Reconfigure>();
    // Ids of the other boards: a new id must not replace one of them unawares.
    let taken: Vec<String> = board::all(&config)
        .into_iter()
        .map(|b| b.id)
        .filter(|b| *b != id)
        .collect();
    let removable = board::editor::saved_has(&saved, &id);
    let draft = RwSignal::new(
        board
            .as_ref()
            .map_or_else(|| BoardDraft::blank(&id), BoardDraft::from_board),
    );
    let checked = Memo::new(move |_| draft.with(|d| d.check(&taken)));
    let form = Form { draft, checked };
    // The preview keeps the last board that could be read while a field is wrong,
    // and is drawn again only when the board itself changes.
    let preview = Memo::new(move |last: Option<&Option<Board>>| {
        checked.with(|c| c.board.clone()).or_else(|| last.cloned().flatten())
    });
    let status = RwSignal::new(String::new());
    // "N fields need attention" goes once they no longer do.
    Effect::new(move |_| {
        if checked.with(|c| c.errors.is_empty()) {
            status.set(String::new());
        }
    });
    let original = StoredValue::new(id.clone());
    let saved = StoredValue::new(saved);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (board, errors) = checked.with_untracked(|c| (c.board.clone(), c.errors.clone()));
        let Some(board) = board else {
            if let Some((target, why)) = errors.first() {
                status.set(format!("{} field(s) need attention; the first: {why}", errors.len()));
                focus(&dom_id(*target));
            }
            return;
        };
        let text = board::editor::save_into(&saved.get_value(), &board, &original.get_value()).to_string();
        if browser::store(SAVED_SETTINGS_KEY, Some(&text)) {
            browser::set_hash(&format!("#/board/{}", board.id));
            if let Some(r) = reconfigure {
                r.reload_saying(&format!("Board \"{}\" saved in this browser.", board.title));
            }
        } else {
            status.set("This browser refused to save settings (private mode or full storage).".into());
        }
    };
    let remove = move |_| {
        let id = original.get_value();
        let left = board::editor::remove_from(&saved.get_value(), &id);
        let text = (left != Value::Null && left != Value::Object(serde_json::Map::new())).then(|| left.to_string());
        if browser::store(SAVED_SETTINGS_KEY, text.as_deref()) {
            browser::set_hash("#/board");
            if let Some(r) = reconfigure {
                r.reload_saying(&format!("Board \"{id}\" removed from this browser."));
            }
        }
    };
    let add = move |_| {
        let key = draft.try_update(BoardDraft::add_tile);
        if let Some(key) = key {
            // The new tile's first field, once it is drawn.
            request_animation_frame(move || focus(&dom_id(Target::Tile(key, "kind"))));
        }
    };
    // The tiles by key, in order: the list is drawn again only when tiles come,
    // go or move, never as a field is typed in.
    let keys = Memo::new(move |_| draft.with(|d| d.tiles.iter().map(|t| t.key).collect::<Vec<_>>()));
    let cancel = format!("#/board/{id}");

    view! {
        <section class="board-editor" data-testid="board-editor" aria-labelledby="board-editor-title">
            <form class="board-editor__form" novalidate on:submit=save>
                <h2 id="board-editor-title" class="settings__title">{format!("Edit board \"{id}\"")}</h2>
                <p class="settings__intro">
                    "Saved in this browser, with the rest of your settings: export, import and the wallboard link carry it. Tiles fill the grid in this order."
                </p>
                <fieldset class="settings__group">
                    <legend>"Board"</legend>
                    <div class="settings__row">
                        {BOARD_FIELDS
                            .iter()
                            .map(|(key, label, hint)| view! { <TextInput form=form target=Target::Board(key) label=*label hint=*hint /> })
                            .collect_view()}
                    </div>
                </fieldset>
                <For each=move || keys.get() key=|k| *k let:key>
                    <TileFields form=form key=key />
                </For>
                <div class="settings__actions">
                    <button type="button" class="button" on:click=add data-testid="add-tile">"Add tile"</button>
                    <button type="submit" class="button button--primary" data-testid="save-board">"Save board"</button>
                    <a class="button" href=cancel data-testid="cancel-edit">"Cancel"</a>
                    {removable.then(|| view! {
                        <button type="button" class="button" on:click=remove data-testid="remove-board">"Remove from this browser"</button>
                    })}
                </div>
                <p class="settings__message" role="status" data-testid="editor-status">{move || status.get()}</p>
            </form>
            <section class="board-editor__preview" aria-label="Preview, with live data" data-testid="board-preview">
                {move || match preview.get() {
                    Some(b) => view! { <BoardView board=b boards=Vec::new() kiosk=false /> }.into_any(),
                    None => view! { <p class="notice">"Add a tile to see the board."</p> }.into_any(),
                }}
            </section>
        </section>
    }
}

/// The fields of one tile, and the buttons that move, resize and remove it.
#[component]
fn TileFields(form: Form, key: u32) -> impl IntoView {
    let Form { draft, .. } = form;
    let kind = Memo::new(move |_| draft.with(|d| d.tile(key).map(|t| t.kind().to_owned()).unwrap_or_default()));
    let position = Memo::new(move |_| draft.with(|d| d.index_of(key).map_or(0, |i| i + 1)));
    let count = Memo::new(move |_| draft.with(|d| d.tiles.len()));
    let title = Memo::new(move |_| draft.with(|d| d.tile(key).map(|t| t.get("title").to_owned()).unwrap_or_default()));
    let button_id = move |what: &str| format!("tile-{key}-{what}");
    // After a move, the same button keeps the focus, so a tile can be walked up or
    // down by pressing Enter again.
    let shift = move |by: isize, what: &'static str| {
        move |_| {
            draft.update(|d| d.move_tile(key, by));
            request_animation_frame(move || focus(&format!("tile-{key}-{what}")));
        }
    };
    let span = move |field: &'static str, by: i64| {
        move |_| {
            draft.update(|d| {
                let now = d
                    .tile(key)
                    .and_then(|t| t.get(field).trim().parse::<i64>().ok())
                    .unwrap_or(1);
                let limit = i64::from(crate::board::parse::MAX_COLUMNS);
                d.set(Target::Tile(key, field), (now + by).clamp(1, limit).to_string());
            });
        }
    };
    let remove = move |_| {
        let next = draft.with_untracked(|d| {
            let at = d.index_of(key).unwrap_or(0);
            d.tiles
                .get(at + 1)
                .or_else(|| at.checked_sub(1).and_then(|i| d.tiles.get(i)))
                .map(|t| t.key)
        });
        draft.update(|d| d.remove_tile(key));
        // The focus goes to the tile that took its place, or to "Add tile".
        request_animation_frame(move || match next {
            Some(k) => focus(&format!("tile-{k}-remove")),
            None => focus("add-tile"),
        });
    };
    let legend = move || {
        let t = title.get();
        let name = if t.is_empty() { kind.get() } else { t };
        format!("Tile {} of {}: {name}", position.get(), count.get())
    };
    view! {
        <fieldset class="settings__group editor-tile" data-testid="editor-tile">
            <legend>{legend}</legend>
            <div class="editor-tile__tools" role="group" aria-label="Place and size">
                <button type="button" class="button" id=button_id("up") on:click=shift(-1, "up") disabled=move || { position.get() <= 1 }>"Move earlier"</button>
                <button type="button" class="button" id=button_id("down") on:click=shift(1, "down") disabled=move || { position.get() >= count.get() }>"Move later"</button>
                <button type="button" class="button" id=button_id("wider") on:click=span("colSpan", 1)>"Wider"</button>
                <button type="button" class="button" id=button_id("narrower") on:click=span("colSpan", -1)>"Narrower"</button>
                <button type="button" class="button" id=button_id("taller") on:click=span("rowSpan", 1)>"Taller"</button>
                <button type="button" class="button" id=button_id("shorter") on:click=span("rowSpan", -1)>"Shorter"</button>
                <button type="button" class="button" id=button_id("remove") on:click=remove data-testid="remove-tile">"Remove tile"</button>
            </div>
            <div class="settings__row editor-tile__fields">
                // The kind stays put (and keeps the focus) as it changes; the fields
                // after it are drawn again, each kind having its own.
                {FIELDS.iter().find(|f| f.key == "kind").map(|f| field_view(form, key, f))}
                {move || {
                    let kind = kind.get();
                    fields_of(&kind).filter(|f| f.key != "kind").map(|f| field_view(form, key, f)).collect_view()
                }}
            </div>
        </fieldset>
    }
}

fn field_view(form: Form, key: u32, f: &'static Field) -> AnyView {
    let target = Target::Tile(key, f.key);
    match f.input {
        Input::Text => view! { <TextInput form=form target=target label=f.label hint=f.hint /> }.into_any(),
        Input::Toggle => view! { <Toggle form=form target=target label=f.label /> }.into_any(),
        Input::Choice(choices) => {
            let options = choices.iter().map(|(v, l)| (*v, (*l).to_owned())).collect();
            view! { <Choice form=form target=target label=f.label options=options /> }.into_any()
        }
        Input::Metric => {
            let options = std::iter::once(("", "Choose a metric".to_owned()))
                .chain(Field::metric_choices().map(|(v, about)| (v, format!("{v}: {about}"))))
                .collect();
            view! { <Choice form=form target=target label=f.label options=options /> }.into_any()
        }
    }
}

fn read(form: Form, target: Target) -> String {
    form.draft.with(|d| match target {
        Target::Board(k) => d.board_field(k).to_owned(),
        Target::Tile(t, k) => d.tile(t).map(|t| t.get(k).to_owned()).unwrap_or_default(),
    })
}

/// The reason a field is refused, as a line tied to it.
#[component]
fn Reason(form: Form, target: Target) -> impl IntoView {
    view! {
        <p class="field__error" id=format!("{}-error", dom_id(target))>
            {move || form.checked.with(|c| c.error(target).map(|e| format!("✖ {e}")))}
        </p>
    }
}

#[component]
fn TextInput(form: Form, target: Target, label: &'static str, hint: &'static str) -> impl IntoView {
    let id = dom_id(target);
    let invalid = move || form.checked.with(|c| c.error(target).is_some());
    let described = format!("{id}-hint {id}-error");
    view! {
        <div class="field" class:field--invalid=invalid>
            <label for=id.clone() class="field__label">{label}</label>
            <input
                id=id.clone()
                type="text"
                class="field__input"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || read(form, target)
                on:input=move |ev| form.draft.update(|d| d.set(target, event_target_value(&ev)))
                aria-invalid=move || if invalid() { "true" } else { "false" }
                aria-describedby=described
                data-testid=id.clone()
            />
            {(!hint.is_empty()).then(|| view! { <p class="field__hint" id=format!("{id}-hint")>{hint}</p> })}
            <Reason form=form target=target />
        </div>
    }
}

#[component]
fn Choice(form: Form, target: Target, label: &'static str, options: Vec<(&'static str, String)>) -> impl IntoView {
    let id = dom_id(target);
    view! {
        <div class="field">
            <label for=id.clone() class="field__label">{label}</label>
            <select
                id=id.clone()
                class="field__input"
                on:change=move |ev| form.draft.update(|d| d.set(target, event_target_value(&ev)))
                aria-describedby=format!("{id}-error")
                data-testid=id.clone()
            >
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        view! { <option value=value prop:selected=move || read(form, target) == value>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <Reason form=form target=target />
        </div>
    }
}

#[component]
fn Toggle(form: Form, target: Target, label: &'static str) -> impl IntoView {
    let id = dom_id(target);
    view! {
        <div class="field field--check">
            <input
                id=id.clone()
                type="checkbox"
                prop:checked=move || read(form, target) == "true"
                on:change=move |ev| form.draft.update(|d| d.set(target, event_target_checked(&ev).to_string()))
                data-testid=id.clone()
            />
            <label for=id class="field__label">{label}</label>
        </div>
    }
}
