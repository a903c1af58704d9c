//! The last good data of every source, kept on screen while later polls fail.

use std::sync::Arc;

use floorview_reporting::{ChannelActivity, Endpoint, ListActivity, TeamActivity, UserActivity, UsersCollection};
use leptos::prelude::*;

use super::clock::Clock;
use super::long_lived;
use crate::clock::FetchInstant;
use crate::config::Config;
use crate::freshness::{max_age_ms, Freshness, SourceStatus};
use crate::trends::{ListTrend, QueueTrends};

/// A decoded payload and when it arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot<T> {
    pub value: T,
    pub at: FetchInstant,
    /// Rows skipped or other oddities overlooked while decoding.
    pub warnings: Vec<String>,
}

/// One source's slot: its last good data and its status.
#[derive(Debug)]
pub struct Slot<T: Send + Sync + 'static> {
    /// The parameter value (team id, work type id).
    pub id: Arc<str>,
    pub data: RwSignal<Option<Arc<Snapshot<T>>>>,
    pub status: RwSignal<SourceStatus>,
    /// Data older than this (ms) is stale even without an error; it follows the
    /// source's poll period, which a kiosk lengthens while no page it shows needs it.
    max_age_ms: StoredValue<f64>,
    /// The store's [`Store::statuses`], bumped with every write of `status`.
    statuses: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for Slot<T> {
    fn clone(&self) -> Self {
        Slot {
            id: Arc::clone(&self.id),
            data: self.data,
            status: self.status,
            max_age_ms: self.max_age_ms,
            statuses: self.statuses,
        }
    }
}

impl<T: Send + Sync + 'static> Slot<T> {
    /// An empty slot for parameter `id`, on its own (a store's slots share their
    /// [`Store::statuses`]).
    pub fn new(id: &str, period_s: f64, timeout_s: f64) -> Slot<T> {
        Slot::in_store(id, period_s, timeout_s, RwSignal::new(0))
    }

    /// An empty slot for parameter `id`, whose status writes bump `statuses`.
    fn in_store(id: &str, period_s: f64, timeout_s: f64, statuses: RwSignal<u64>) -> Slot<T> {
        Slot {
            id: Arc::from(id),
            data: RwSignal::new(None),
            status: RwSignal::new(SourceStatus::default()),
            max_age_ms: StoredValue::new(max_age_ms(period_s, timeout_s)),
            statuses,
        }
    }

    /// Changes the status, and says so to the readers of every status at once.
    fn write_status(&self, change: impl FnOnce(&mut SourceStatus)) {
        long_lived::update(self.status, change);
        long_lived::update(self.statuses, |n| *n = n.wrapping_add(1));
    }

    /// The slot's freshness (subscribes to its status). It changes with a poll, or
    /// once when the data grows too old; never merely per tick. (Age is part of
    /// the status, not a signal of its own: a signal that is seldom written keeps
    /// every reader a rotating kiosk drops, see `long_lived`.)
    pub fn freshness(&self) -> Freshness {
        self.status.with(Freshness::of)
    }

    /// [`Slot::freshness`] without subscribing: for readers of many slots, which
    /// track [`Store::statuses`] once instead.
    pub fn freshness_untracked(&self) -> Freshness {
        self.status.with_untracked(Freshness::of)
    }

    /// [`Slot::freshness`] as a signal a view can hand to its badge.
    pub fn freshness_signal(&self) -> Signal<Freshness> {
        let slot = self.clone();
        Signal::derive(move || slot.freshness())
    }

    /// Marks the data overdue once it is older than its maximum age at `now_mono_ms`;
    /// returns when it next can be (see [`SourceStatus::overdue_after`]).
    fn check_age(&self, now_mono_ms: f64) -> f64 {
        // Gone only with the shell that made it, whose age watch goes too.
        let Some(max_age) = self.max_age_ms.try_get_value() else {
            return f64::INFINITY;
        };
        let newly = self
            .status
            .with_untracked(|s| !s.overdue && s.outlived(now_mono_ms, max_age));
        if newly {
            self.write_status(|s| s.overdue = true);
        }
        self.status.with_untracked(|s| s.overdue_after(max_age))
    }

    /// Judges the data's age by a new poll period (a kiosk resting the source or
    /// waking it for its next page). A shorter limit counts from `now_mono_ms`, so
    /// data fetched at the resting pace is not called stale before the faster pace
    /// has had its time.
    pub fn set_period(&self, period_s: f64, timeout_s: f64, now_mono_ms: f64) {
        let new = max_age_ms(period_s, timeout_s);
        let Some(old) = self.max_age_ms.try_get_value().filter(|old| *old != new) else {
            return;
        };
        self.max_age_ms.set_value(new);
        // A shorter limit is a status write, so the age watch passes over the slots
        // again with it. A longer one needs none: the watch's next pass, planned by the
        // old limit, only comes early.
        if new < old {
            self.write_status(|s| s.age_from_mono_ms = Some(now_mono_ms));
        }
    }

    /// Stores good data.
    pub fn accept(&self, snapshot: Snapshot<T>) {
        let at = snapshot.at;
        long_lived::set(self.data, Some(Arc::new(snapshot)));
        self.write_status(|s| {
            s.last_ok_wall_ms = Some(at.wall_ms);
            s.last_ok_mono_ms = Some(at.mono_ms);
            s.overdue = false;
            s.error = None;
            s.config_error = false;
        });
    }

    /// Adds the slot's newest data to `trend` (a work type's queue history, a
    /// contact list's progress), which outlives the views that draw it.
    pub fn record_in<H: Send + Sync + 'static>(&self, trend: RwSignal<H>, record: impl FnOnce(&mut H, &Snapshot<T>)) {
        self.data.with_untracked(|d| {
            if let Some(snapshot) = d {
                long_lived::update(trend, |t| record(t, snapshot));
            }
        });
    }

    /// Records a failed poll; the data stays.
    pub fn reject(&self, message: String, config_error: bool) {
        self.write_status(|s| {
            s.error = Some(message);
            s.config_error = config_error;
        });
    }
}

/// Every source of the configured floor, provided as context.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub teams: Arc<[Slot<TeamActivity>]>,
    /// `userActivity`, one per team, in the order of `teams`.
    pub users: Arc<[Slot<UserActivity>]>,
    pub work_types: Arc<[Slot<ChannelActivity>]>,
    pub lists: Arc<[Slot<ListActivity>]>,
    /// `presence/users` of everyone logged on (id `""`), then one per work type.
    pub presence: Arc<[Slot<UsersCollection>]>,
    /// Queue history of each work type, in the order of `work_types`.
    pub queue_trends: Arc<[RwSignal<QueueTrends>]>,
    /// Progress of each contact list since the page opened, in the order of `lists`.
    pub list_trends: Arc<[RwSignal<ListTrend>]>,
    /// Bumped with every status write of any slot. A reader of many slots' statuses
    /// (the status bar over all 143 of a large floor) tracks this one signal and reads
    /// the statuses untracked: subscribing to each cost a hash-set insert and removal
    /// per slot per poll, more than the rest of a poll's work.
    pub statuses: RwSignal<u64>,
}

impl Store {
    /// Empty slots for the configured teams, work types and contact lists.
    pub fn new(config: &Config) -> Store {
        fn slots<T: Send + Sync + 'static>(
            ids: &[String],
            period_s: f64,
            timeout_s: f64,
            statuses: RwSignal<u64>,
        ) -> Arc<[Slot<T>]> {
            ids.iter()
                .map(|id| Slot::in_store(id, period_s, timeout_s, statuses))
                .collect()
        }
        let statuses = RwSignal::new(0);
        let timeout = f64::from(config.timeout_s);
        let period = |e: Endpoint| config.poll.seconds(e);
        let presence_ids: Vec<String> = std::iter::once(String::new())
            .chain(config.work_types.iter().cloned())
            .collect();
        Store {
            teams: slots(&config.teams, period(Endpoint::TeamActivity), timeout, statuses),
            users: slots(&config.teams, period(Endpoint::UserActivity), timeout, statuses),
            work_types: slots(&config.work_types, period(Endpoint::ChannelActivity), timeout, statuses),
            lists: slots(&config.contact_lists, period(Endpoint::ListActivity), timeout, statuses),
            presence: slots(&presence_ids, period(Endpoint::PresenceUsers), timeout, statuses),
            queue_trends: config
                .work_types
                .iter()
                .map(|_| RwSignal::new(QueueTrends::default()))
                .collect(),
            list_trends: config
                .contact_lists
                .iter()
                .map(|_| RwSignal::new(ListTrend::default()))
                .collect(),
            statuses,
        }
    }

    /// Freshness of every source (for the status bar), tracking [`Store::statuses`].
    pub fn freshness(&self) -> Vec<Freshness> {
        self.statuses.track();
        let mut all = Vec::new();
        all.extend(self.teams.iter().map(Slot::freshness_untracked));
        all.extend(self.users.iter().map(Slot::freshness_untracked));
        all.extend(self.work_types.iter().map(Slot::freshness_untracked));
        all.extend(self.lists.iter().map(Slot::freshness_untracked));
        all.extend(self.presence.iter().map(Slot::freshness_untracked));
        all
    }

    /// Watches every source's age with the clock, marking data overdue as it gets
    /// too old. A pass over every slot runs only when a status changed or the
    /// earliest slot may have outlived its age; other ticks read two numbers. (At
    /// 143 sources, a pass of plain reads every tick was the largest part of a quiet
    /// board's tick.)
    pub fn watch_ages(&self, clock: Clock) {
        let store = self.clone();
        // The statuses the last pass saw, and the instant its earliest slot goes overdue.
        let last_pass = StoredValue::new((None::<u64>, f64::NEG_INFINITY));
        clock.each_tick(move |t| {
            let now = t.mono_ms;
            let Some(seen) = store.statuses.try_get_untracked() else {
                return;
            };
            if last_pass.with_value(|(was, until)| *was == Some(seen) && now <= *until) {
                return;
            }
            let mut until = f64::INFINITY;
            let mut check = |next: f64| until = until.min(next);
            store.teams.iter().for_each(|s| check(s.check_age(now)));
            store.users.iter().for_each(|s| check(s.check_age(now)));
            store.work_types.iter().for_each(|s| check(s.check_age(now)));
            store.lists.iter().for_each(|s| check(s.check_age(now)));
            store.presence.iter().for_each(|s| check(s.check_age(now)));
            // Read after the pass: marking a slot overdue is itself a status write.
            last_pass.set_value((Some(store.statuses.get_untracked()), until));
        });
    }

    /// When the newest data of any source arrived (PC clock, Unix ms), tracking
    /// [`Store::statuses`].
    pub fn newest_data_wall_ms(&self) -> Option<f64> {
        fn newest<T: Send + Sync + 'static>(slots: &[Slot<T>]) -> Option<f64> {
            slots
                .iter()
                .filter_map(|s| s.status.with_untracked(|st| st.last_ok_wall_ms))
                .reduce(f64::max)
        }
        self.statuses.track();
        [
            newest(&self.teams),
            newest(&self.users),
            newest(&self.work_types),
            newest(&self.lists),
            newest(&self.presence),
        ]
        .into_iter()
        .flatten()
        .reduce(f64::max)
    }

    /// [`Store::newest_data_wall_ms`] as a memo, so the status bar, the kiosk's
    /// corner and its banner all mean the same thing by "the newest data".
    pub fn newest_data(&self) -> Memo<Option<f64>> {
        let store = self.clone();
        Memo::new(move |_| store.newest_data_wall_ms())
    }
}

/// The store of the enclosing app; an empty one when none was provided (a component
/// mounted alone in a test). Named like a hook, not `expect_context`: it never panics.
pub fn use_store() -> Store {
    use_context::<Store>().unwrap_or_default()
}
