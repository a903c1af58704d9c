//! The form's controls: every one labelled, its reason shown beside it as typed and
//! tied to it with `aria-describedby`, so a screen reader reads both.

use leptos::prelude::*;

use crate::settings::Draft;

/// The form's state, shared by its controls.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    pub draft: RwSignal<Draft>,
}

/// The form of the enclosing settings page.
pub fn expect_form() -> Form {
    use_context::<Form>().unwrap_or_else(|| Form {
        draft: RwSignal::new(Draft::default()),
    })
}

/// The DOM id of a field (`state.wrap.warn` → `f-state-wrap-warn`).
pub fn dom_id(field: &str) -> String {
    format!("f-{}", field.replace('.', "-"))
}

/// The reason a group is refused, recomputed as its fields change.
fn group_error(form: Form, group: String) -> Memo<Option<String>> {
    Memo::new(move |_| form.draft.with(|d| d.check(&group).err()))
}

/// The line that gives a group's reason (empty while valid).
#[component]
fn ErrorText(id: String, group: String, error: Memo<Option<String>>) -> impl IntoView {
    view! {
        <p class="field__error" id=id data-testid=format!("error-{group}")>
            {move || error.get().map(|e| format!("✖ {e}"))}
        </p>
    }
}

/// A labelled text input for one field.
#[component]
pub fn TextField(
    #[prop(into)] field: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: String,
    #[prop(optional, into)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let form = expect_form();
    let id = dom_id(&field);
    let error = group_error(form, field.clone());
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let described = if hint.is_empty() {
        error_id.clone()
    } else {
        format!("{hint_id} {error_id}")
    };
    let (read, write) = (field.clone(), field.clone());
    view! {
        <div class="field" class:field--invalid=move || error.with(Option::is_some)>
            <label for=id.clone() class="field__label">{label}</label>
            <input
                id=id
                type="text"
                class="field__input"
                inputmode=inputmode
                autocomplete="off"
                spellcheck="false"
                prop:value=move || form.draft.with(|d| d.get(&read).to_owned())
                on:input=move |ev| form.draft.update(|d| d.set(&write, &event_target_value(&ev)))
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described
                data-testid=format!("field-{field}")
            />
            {(!hint.is_empty()).then(|| view! { <p class="field__hint" id=hint_id>{hint}</p> })}
            <ErrorText id=error_id group=field error=error />
        </div>
    }
}

/// A labelled choice among fixed values (`value`, `label`).
#[component]
pub fn SelectField(
    field: &'static str,
    #[prop(into)] label: String,
    options: Vec<(&'static str, String)>,
) -> impl IntoView {
    let form = expect_form();
    let id = dom_id(field);
    view! {
        <div class="field">
            <label for=id.clone() class="field__label">{label}</label>
            <select
                id=id
                class="field__input"
                on:change=move |ev| form.draft.update(|d| d.set(field, &event_target_value(&ev)))
                data-testid=format!("field-{field}")
            >
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        view! {
                            <option value=value prop:selected=move || form.draft.with(|d| d.get(field) == value)>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// One row of a warn/critical table: the figure's name, two inputs judged as a
/// pair, and the pair's reason.
#[component]
pub fn PairRow(
    #[prop(into)] group: String,
    #[prop(into)] label: String,
    warn: String,
    critical: String,
) -> impl IntoView {
    let form = expect_form();
    let error = group_error(form, group.clone());
    let error_id = format!("{}-error", dom_id(&group));
    let (name, described) = (label.clone(), error_id.clone());
    let input = move |field: String, which: &'static str| {
        let (read, write) = (field.clone(), field.clone());
        view! {
            <td>
                <input
                    id=dom_id(&field)
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    class="field__input field__input--short"
                    aria-label=format!("{name}: {which}")
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=described.clone()
                    prop:value=move || form.draft.with(|d| d.get(&read).to_owned())
                    on:input=move |ev| form.draft.update(|d| d.set(&write, &event_target_value(&ev)))
                    data-testid=format!("field-{field}")
                />
            </td>
        }
    };
    let warn_cell = input(warn, "warn at");
    let critical_cell = input(critical, "critical at");
    view! {
        <tr class:pair--invalid=move || error.with(Option::is_some)>
            <th scope="row">{label}</th>
            {warn_cell}
            {critical_cell}
            <td class="pair__error">
                <ErrorText id=error_id group=group error=error />
            </td>
        </tr>
    }
}

/// Whether any group of the form is refused, and the first one's field id.
pub fn first_error(draft: &Draft) -> Option<String> {
    let (group, _) = draft.errors().into_iter().next()?;
    Draft::groups()
        .into_iter()
        .find(|g| g.id == group)
        .and_then(|g| g.fields.into_iter().next())
}
