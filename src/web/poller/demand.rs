//! A kiosk's polling pace follows its pages: the sources of the page on screen and
//! of the next page (from just before it turns up: `demand::lead_ms`) are asked at
//! their configured period, the rest at the resting one (the rule and its reasons:
//! `crate::kiosk::demand`). Here the page on screen (the location hash) and the
//! rotation's next page set each source's period in the scheduler and its limit on
//! age in the store.

use std::rc::Rc;

use floorview_reporting::Endpoint;
use leptos::prelude::*;

use super::{check, Poller};
use crate::board;
use crate::config::Config;
use crate::kiosk::demand::{self, Needs, Pace};
use crate::kiosk::rotation::Rotation;
use crate::web::browser;
use crate::web::clock::use_clock;
use crate::web::hooks::use_hash;

/// Keeps every source's period in step with the pages shown now and next, until
/// the calling owner is cleaned up.
pub(super) fn follow(config: &Config, poller: &Rc<Poller>) {
    let (default_view, boards) = (config.view, board::all(config));
    let pages: Vec<Needs> = config
        .playlist
        .iter()
        .map(|page| Needs::of_hash(&page.hash(), default_view, &boards))
        .collect();
    let playlist = pages.iter().fold(Needs::NONE, |all, page| all.and(*page));
    let rotation = Rotation::new(pages.len(), config.rotate_s);
    let poll = config.poll;
    let waits = Rc::clone(poller);
    // What of the next page to poll now: it changes a few times a rotation period,
    // so the memo below wakes no more often than that.
    let next = use_clock().follow(move |t| {
        rotation.map_or(Needs::NONE, |r| {
            let at = r.at(t.wall_ms);
            let next = pages.get((at.index + 1) % r.pages).copied().unwrap_or(Needs::NONE);
            demand::woken_ahead(next, at.remaining_ms, |e| {
                demand::lead_ms(poll.seconds(e), longest_wait_ms(&waits, e))
            })
        })
    });
    let hash = use_hash();
    let needs = Memo::new(move |_| hash.with(|shown| Needs::of_kiosk(shown, next.get(), default_view, &boards)));
    let poller = Rc::clone(poller);
    Effect::new(move || {
        let needs = needs.get();
        untrack(|| pace(&poller, needs, playlist));
    });
}

/// The longest any source of `endpoint` last waited for an answer.
fn longest_wait_ms(poller: &Poller, endpoint: Endpoint) -> Option<f64> {
    let scheduler = poller.scheduler.try_borrow().ok()?;
    (0..poller.sources.len())
        .filter(|&id| poller.sources[id].endpoint == endpoint)
        .filter_map(|id| scheduler.last_wait_ms(id))
        .max_by(f64::total_cmp)
}

/// Sets each source's period by its [`Pace`] (shown now or next by `now`, on a page of
/// `playlist`, or on none), then starts whatever that made due (a woken source whose
/// data is older than its period).
fn pace(poller: &Rc<Poller>, now: Needs, playlist: Needs) {
    let at = browser::now_mono_ms();
    let timeout_s = f64::from(poller.timeout_ms) / 1000.0;
    {
        let mut scheduler = poller.scheduler.borrow_mut();
        for (id, source) in poller.sources.iter().enumerate() {
            let pace = Pace::of(now, playlist, source.endpoint, source.slot);
            let period_s = demand::period_s(source.endpoint, source.period_s, pace);
            scheduler.set_period(id, period_s * 1000.0, at);
            source.target.set_period(period_s, timeout_s, at);
        }
    }
    check(poller);
}
