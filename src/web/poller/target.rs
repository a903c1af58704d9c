//! Where each polled source's answers go: its slot in the [`Store`] (and, for queues
//! and lists, the trend the slot feeds), decoded by the endpoint's own reader.

use floorview_reporting::{
    decode, ChannelActivity, DecodeError, Decoded, Endpoint, ListActivity, TeamActivity, UserActivity, UsersCollection,
};
use leptos::prelude::*;

use crate::trends::{ListTrend, QueueTrends};
use crate::web::fetch::Reply;
use crate::web::store::{Slot, Snapshot, Store};

/// A store slot of one endpoint's kind.
pub(super) enum Target {
    Team(Slot<TeamActivity>),
    Users(Slot<UserActivity>),
    Channel(Slot<ChannelActivity>, RwSignal<QueueTrends>),
    List(Slot<ListActivity>, RwSignal<ListTrend>),
    Presence(Slot<UsersCollection>),
}

impl Target {
    /// The store's slot `slot` of `endpoint` (see [`sources::Source::slot`]).
    pub(super) fn of(store: &Store, endpoint: Endpoint, slot: usize) -> Option<Target> {
        Some(match endpoint {
            Endpoint::TeamActivity => Target::Team(store.teams.get(slot)?.clone()),
            Endpoint::UserActivity => Target::Users(store.users.get(slot)?.clone()),
            Endpoint::ChannelActivity => {
                Target::Channel(store.work_types.get(slot)?.clone(), *store.queue_trends.get(slot)?)
            }
            Endpoint::ListActivity => Target::List(store.lists.get(slot)?.clone(), *store.list_trends.get(slot)?),
            Endpoint::PresenceUsers => Target::Presence(store.presence.get(slot)?.clone()),
        })
    }

    /// Records a failed poll in the target's slot.
    pub(super) fn reject(&self, message: String, config_error: bool) {
        match self {
            Target::Team(slot) => slot.reject(message, config_error),
            Target::Users(slot) => slot.reject(message, config_error),
            Target::Channel(slot, _) => slot.reject(message, config_error),
            Target::List(slot, _) => slot.reject(message, config_error),
            Target::Presence(slot) => slot.reject(message, config_error),
        }
    }

    /// Judges the slot's data by a new poll period (see [`Slot::set_period`]).
    pub(super) fn set_period(&self, period_s: f64, timeout_s: f64, now_mono_ms: f64) {
        match self {
            Target::Team(slot) => slot.set_period(period_s, timeout_s, now_mono_ms),
            Target::Users(slot) => slot.set_period(period_s, timeout_s, now_mono_ms),
            Target::Channel(slot, _) => slot.set_period(period_s, timeout_s, now_mono_ms),
            Target::List(slot, _) => slot.set_period(period_s, timeout_s, now_mono_ms),
            Target::Presence(slot) => slot.set_period(period_s, timeout_s, now_mono_ms),
        }
    }

    /// Decodes a good reply into the target's slot.
    pub(super) fn accept(&self, reply: &Reply) -> Result<(), String> {
        fn store<T: Send + Sync + 'static>(
            slot: &Slot<T>,
            decoded: Result<Decoded<T>, DecodeError>,
            reply: &Reply,
        ) -> Result<(), String> {
            let d = decoded.map_err(|e| e.to_string())?;
            slot.accept(Snapshot {
                warnings: d.warnings.iter().map(ToString::to_string).collect(),
                value: d.value,
                at: reply.at,
            });
            Ok(())
        }
        let body = &reply.body;
        match self {
            Target::Team(slot) => store(slot, body.read(decode::team_activity), reply),
            Target::Users(slot) => store(slot, body.read(decode::user_activity), reply),
            Target::Channel(slot, trends) => {
                store(slot, body.read(decode::channel_activity), reply)?;
                slot.record_in(*trends, |t, s| t.record(&s.value, &s.at));
                Ok(())
            }
            Target::List(slot, trend) => {
                store(slot, body.read(decode::list_activity), reply)?;
                slot.record_in(*trend, |t, s| t.record(&s.value, &s.at));
                Ok(())
            }
            Target::Presence(slot) => store(slot, body.read(decode::presence_users), reply),
        }
    }
}
