//! The settings page's logic, pure and tested natively: the form's fields and their
//! validation (the same rules and messages as `config.json`), saving only what differs
//! from the deployment, export and import as `config.json`, and the wallboard link.
//!
//! Settings never hold secrets: no field takes a credential, a proxy URL with a user
//! name or password is refused, and a viewer key only ever enters a wallboard link.

mod draft;
mod export;
mod link;

pub use draft::{Draft, Group, STATE_FIELDS};
pub use export::{import, number, number_text, overrides, to_json};
pub use link::{wallboard_link, LinkRequest, WallboardLink, LONG_LINK, PACKED_BOARDS};
