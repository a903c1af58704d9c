//! Text that moves with the clock, written straight into its text node.
//!
//! A reactive reader of the clock costs a task wake-up, a run and a
//! re-subscription every second, several times what writing one text node costs
//! (measured on the board bench). So a running figure's text is built once as a
//! static child and then written here, from the clock's tick or a poll's effect,
//! only when the text changes.

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The one text child of an element that this code, not the view, keeps up to date.
pub struct OwnText<E: ElementType> {
    node: NodeRef<E>,
    shown: StoredValue<String>,
}

impl<E: ElementType> Clone for OwnText<E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E: ElementType> Copy for OwnText<E> {}

impl<E> OwnText<E>
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    /// A text that starts as `first`: give the element `node_ref=own.node()` and
    /// `{first}` as its only, static child.
    pub fn new(first: &str) -> Self {
        OwnText {
            node: NodeRef::new(),
            shown: StoredValue::new(first.to_owned()),
        }
    }

    pub fn node(self) -> NodeRef<E> {
        self.node
    }

    /// Shows `text`, touching the DOM only when it differs from what is shown.
    /// Before the element is mounted, and after it is gone, this does nothing.
    pub fn write(self, text: String) {
        if self.shown.try_with_value(|s| *s == text) != Some(false) {
            return;
        }
        let Some(element) = self.node.try_get_untracked().flatten() else {
            return;
        };
        let element: &web_sys::Node = element.unchecked_ref();
        match element.first_child() {
            Some(child) => child.set_node_value(Some(&text)),
            // An empty first text may have been left out of the DOM.
            None => element.set_text_content(Some(&text)),
        }
        self.shown.set_value(text);
    }
}
