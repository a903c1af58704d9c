//! The API's enumerations, open-ended.
//!
//! The published lists are incomplete (the spec's own example sends `email`, which its
//! `channelTypeId` list lacks) and its casing varies (`InboundEmail` vs `inboundemail`).
//! Matching ignores case and separators, so `Not Ready`, `not_ready` and `notready`
//! agree; anything unknown is kept verbatim in `Other` and shown as it came.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Lower-cases and keeps only ASCII letters and digits.
pub fn normalise(raw: &str) -> String {
    folded(raw).map(char::from).collect()
}

/// ASCII only: every known value is ASCII, and Unicode case tables would cost the
/// wasm bundle tens of kilobytes for nothing.
fn folded(raw: &str) -> impl Iterator<Item = u8> + '_ {
    raw.bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
}

/// Whether two values are the same once case and separators are ignored; without
/// allocating, since every decoded row compares a few of these.
pub fn same_value(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || folded(a).eq(folded(b))
}

macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value the published list does not have, kept as it arrived.
            Other(String),
        }

        impl $name {
            /// Every known value, in the order the spec lists them.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// Parses a wire value, ignoring case and separators.
            pub fn parse(raw: &str) -> Self {
                // Exact spellings first: they are what the API normally sends, and
                // one `match` finds them; then other casings, then the folded forms.
                match raw {
                    $($wire => return $name::$variant,)+
                    _ => {}
                }
                $(if raw.eq_ignore_ascii_case($wire) { return $name::$variant; })+
                $(if same_value(raw, $wire) { return $name::$variant; })+
                $name::Other(raw.to_owned())
            }

            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Other(raw) => raw,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(raw: &str) -> Self {
                $name::parse(raw)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok($name::parse(&raw))
            }
        }
    };
}

open_enum! {
    /// `userActivity.stateId`: the agent's current state.
    StateId {
        Uninitialized => "uninitialized",
        Active => "active",
        Exception => "exception",
        Held => "held",
        Idle => "idle",
        LoggedOff => "loggedoff",
        LoggedOn => "loggedon",
        Multiline => "multiline",
        NotReady => "notready",
        Park => "park",
        ParkWarning => "parkwarning",
        PendingActive => "pendingactive",
        Preview => "preview",
        Reserved => "reserved",
        Wrap => "wrap",
        WrapWarning => "wrapwarning",
        UserCleared => "usercleared",
    }
}

open_enum! {
    /// `userActivity.stateName`: the display name of the agent's state.
    StateName {
        Uninitialized => "Uninitialized",
        Active => "Active",
        Exception => "Exception",
        Held => "Held",
        Idle => "Idle",
        LoggedOff => "Logged Off",
        LoggedOn => "Logged On",
        Multiline => "Multiline",
        NotReady => "Not Ready",
        Park => "Park",
        ParkWarning => "Park Warning",
        PendingActive => "Pending Active",
        Preview => "Preview",
        Reserved => "Reserved",
        Wrap => "Wrap",
        WrapWarning => "Wrap Warning",
        UserCleared => "User Cleared",
    }
}

open_enum! {
    /// `channelActivity.interactionTypeId`.
    InteractionTypeId {
        InboundAcd => "inboundacd",
        InboundDid => "inbounddid",
        InboundConsultation => "inboundconsultation",
        InboundInternal => "inboundinternal",
        InboundIvr => "inboundivr",
        OutboundAod => "outboundaod",
        OutboundConsultation => "outboundconsultation",
        OutboundConsultationTransfer => "outboundconsultationtransfer",
        OutboundMakecall => "outboundmakecall",
        Conference => "conference",
        InboundIpniq => "inboundipniq",
        InboundWorkflow => "inboundworkflow",
        InboundChat => "inboundchat",
        InboundIm => "inboundim",
        InboundEmail => "inboundemail",
        InboundCti => "inboundcti",
        InboundSms => "inboundsms",
        ManualOutboundEmail => "manualoutboundemail",
    }
}

open_enum! {
    /// `channelActivity.interactionTypeName`.
    InteractionTypeName {
        InboundAcd => "Inbound Acd",
        InboundDid => "Inbound Did",
        InboundConsultation => "Inbound Consultation",
        InboundInternal => "Inbound Internal",
        InboundIvr => "Inbound Ivr",
        OutboundAod => "Outbound Aod",
        OutboundConsultation => "Outbound Consultation",
        OutboundConsultationTransfer => "Outbound Consultation Transfer",
        OutboundMakecall => "Outbound Makecall",
        Conference => "Conference",
        InboundIpniq => "Inbound Ipniq",
        InboundWorkflow => "Inbound Workflow",
        InboundChat => "Inbound Chat",
        InboundIm => "Inbound IM",
        InboundEmail => "Inbound Email",
        InboundCti => "Inbound CTI",
        InboundSms => "Inbound SMS",
        ManualOutboundEmail => "Manual Outbound Email",
    }
}

open_enum! {
    /// `channelActivity.channelTypeId`. The spec lists an empty value, kept as
    /// `Unspecified`, and its example uses `email`, which the list lacks.
    ChannelTypeId {
        Chat => "chat",
        Unspecified => "",
        Sms => "sms",
        Voice => "voice",
        Email => "email",
    }
}

open_enum! {
    /// `channelActivity.channelTypeName`.
    ChannelTypeName {
        Chat => "Chat",
        Unspecified => "",
        Sms => "Sms",
        Voice => "Voice",
        Email => "Email",
    }
}

open_enum! {
    /// The presence `state` query parameter.
    PresenceState {
        LoggedOn => "LoggedOn",
    }
}

impl StateId {
    /// The display name that goes with this state id.
    pub fn name(&self) -> StateName {
        // The two lists name the same states in the same order, so a known id needs
        // no text matching (every row the simulator writes asks for one).
        match StateId::KNOWN.iter().position(|known| known == self) {
            Some(index) => StateName::KNOWN[index].clone(),
            None => StateName::parse(self.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_ignores_case_and_separators() {
        assert_eq!(
            InteractionTypeId::parse("InboundEmail"),
            InteractionTypeId::InboundEmail
        );
        assert_eq!(StateId::parse("not_ready"), StateId::NotReady);
        assert_eq!(StateName::parse("NOT READY"), StateName::NotReady);
        assert_eq!(ChannelTypeId::parse("email"), ChannelTypeId::Email);
        assert_eq!(ChannelTypeId::parse(""), ChannelTypeId::Unspecified);
    }

    #[test]
    fn unknown_values_are_kept_verbatim() {
        let state = StateId::parse("Coaching Session");
        assert_eq!(state, StateId::Other("Coaching Session".into()));
        assert_eq!(state.as_str(), "Coaching Session");
    }

    #[test]
    fn state_ids_map_to_their_names() {
        assert_eq!(StateId::PendingActive.name(), StateName::PendingActive);
        assert_eq!(StateId::WrapWarning.name().as_str(), "Wrap Warning");
        assert_eq!(StateId::KNOWN.len(), StateName::KNOWN.len());
        for id in StateId::KNOWN {
            assert_eq!(id.name(), StateName::parse(id.as_str()), "{id}");
        }
        assert_eq!(StateId::parse("Coaching").name(), StateName::Other("Coaching".into()));
    }
}
