//! The media a work type serves, and the habits of each: handle times, patience,
//! how many interactions an agent takes at once.

use crate::enums::{ChannelTypeId, InteractionTypeId};

/// The kind of work a work type carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Voice,
    Chat,
    Email,
    Outbound,
    Sms,
}

impl Channel {
    /// Work types cycle through the channels in this order.
    pub const CYCLE: [Channel; 5] = [
        Channel::Voice,
        Channel::Chat,
        Channel::Email,
        Channel::Outbound,
        Channel::Sms,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Channel::Voice => "Voice",
            Channel::Chat => "Chat",
            Channel::Email => "Email",
            Channel::Outbound => "Outbound",
            Channel::Sms => "SMS",
        }
    }

    pub fn channel_type(self) -> ChannelTypeId {
        match self {
            Channel::Voice | Channel::Outbound => ChannelTypeId::Voice,
            Channel::Chat => ChannelTypeId::Chat,
            Channel::Email => ChannelTypeId::Email,
            Channel::Sms => ChannelTypeId::Sms,
        }
    }

    /// The interaction types this channel produces, with their shares.
    pub fn interaction_types(self) -> &'static [(InteractionTypeId, f64)] {
        match self {
            Channel::Voice => &[
                (InteractionTypeId::InboundAcd, 0.9),
                (InteractionTypeId::InboundDid, 0.1),
            ],
            Channel::Chat => &[(InteractionTypeId::InboundChat, 1.0)],
            Channel::Email => &[(InteractionTypeId::InboundEmail, 1.0)],
            Channel::Outbound => &[
                (InteractionTypeId::OutboundAod, 0.85),
                (InteractionTypeId::OutboundMakecall, 0.15),
            ],
            Channel::Sms => &[(InteractionTypeId::InboundSms, 1.0)],
        }
    }

    /// Interactions one agent handles at once (chat and messaging agents multitask).
    pub fn capacity(self) -> usize {
        match self {
            Channel::Voice | Channel::Outbound => 1,
            Channel::Email => 2,
            Channel::Chat | Channel::Sms => 3,
        }
    }

    /// Mean seconds an agent spends on one interaction.
    pub fn handle_mean(self) -> f64 {
        match self {
            Channel::Voice => 240.0,
            Channel::Chat => 420.0,
            Channel::Email => 300.0,
            Channel::Outbound => 150.0,
            Channel::Sms => 360.0,
        }
    }

    /// Mean seconds of after-call work.
    pub fn wrap_mean(self) -> f64 {
        match self {
            Channel::Voice | Channel::Outbound => 45.0,
            Channel::Chat | Channel::Sms => 25.0,
            Channel::Email => 60.0,
        }
    }

    /// Mean seconds a customer waits in queue before giving up; `None`: never.
    pub fn patience_mean(self) -> Option<f64> {
        match self {
            Channel::Voice => Some(200.0),
            Channel::Chat => Some(300.0),
            Channel::Sms => Some(1200.0),
            Channel::Email | Channel::Outbound => None,
        }
    }

    /// Share of arrivals that pass through self-service (IVR) before queueing.
    pub fn self_service_share(self) -> f64 {
        if self == Channel::Voice {
            0.6
        } else {
            0.0
        }
    }

    /// Chance that a call is put on hold once.
    pub fn hold_chance(self) -> f64 {
        match self {
            Channel::Voice => 0.25,
            Channel::Outbound => 0.1,
            _ => 0.0,
        }
    }

    /// Chance that an interaction is parked, awaiting the customer, before wrap.
    pub fn park_chance(self) -> f64 {
        if self == Channel::Email {
            0.2
        } else {
            0.0
        }
    }

    /// Whether agents on this channel start their own interactions (the dialler)
    /// instead of taking them from a queue.
    pub fn is_outbound(self) -> bool {
        self == Channel::Outbound
    }
}
