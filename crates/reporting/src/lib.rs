//! Models of the Alvaria Cloud Reporting REST API v2.0.0, decoded tolerantly, plus a
//! deterministic contact-centre simulator that produces the same payloads.
//!
//! Plain Rust with no web dependencies: the wasm dashboard and the native proxy both
//! build on it, so the wire format and the parameter rules live in one place.

pub mod catalog;
pub mod decode;
pub mod endpoint;
pub mod enums;
pub mod lenient;
pub mod models;
pub mod sim;
pub mod tz;

pub use catalog::Catalog;
pub use decode::{DecodeError, DecodeWarning, Decoded};
pub use endpoint::{Endpoint, ParamError, Query};
pub use enums::{
    ChannelTypeId, ChannelTypeName, InteractionTypeId, InteractionTypeName, PresenceState, StateId, StateName,
};
pub use models::*;
pub use tz::TzOffset;
