//! What a kiosk polls at its configured pace, and what rests.
//!
//! A rotating wallboard shows one page at a time, yet polling every source of every
//! page at full pace kept a Pi-class screen's main thread busy and its branch link
//! full (the Agents and Presence payloads are the largest, and a five-view rotation
//! shows each a fifth of the time). So a kiosk asks at the configured pace only for
//! the data of the page on screen and of the page after it (from just long enough
//! before it turns up for one answer to be in: [`lead_ms`]). Every other
//! source rests: it is asked every [`rest_s`] seconds, or every [`UNSHOWN_S`] if
//! no page of the playlist shows it, and its data is judged stale against that
//! pace, so it is never marked stale for resting. Outside kiosk mode
//! nothing rests: a supervisor switches views at will.

use floorview_reporting::Endpoint;

use crate::board::Board;
use crate::route::{self, Route};

/// Seconds between polls of a source a kiosk does not show now or next. The queues
/// rest at a shorter pace: their sparklines are drawn from every answer, over the
/// last 15 minutes, and a point every 10 s keeps them as smooth as a sparkline's
/// width can show while the Queues page is away.
pub fn rest_s(endpoint: Endpoint) -> f64 {
    match endpoint {
        Endpoint::ChannelActivity => 10.0,
        _ => 30.0,
    }
}

/// A set of endpoints whose data is needed at the configured pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs(u8);

impl Needs {
    pub const NONE: Needs = Needs(0);
    pub const ALL: Needs = Needs(0b1_1111);

    /// Just `endpoint`.
    pub const fn of(endpoint: Endpoint) -> Needs {
        Needs(1 << endpoint as u8)
    }

    /// Every endpoint of `endpoints`.
    pub fn of_all(endpoints: impl IntoIterator<Item = Endpoint>) -> Needs {
        endpoints.into_iter().fold(Needs::NONE, |n, e| n.and(Needs::of(e)))
    }

    /// Both sets.
    #[must_use]
    pub const fn and(self, other: Needs) -> Needs {
        Needs(self.0 | other.0)
    }

    pub const fn has(self, endpoint: Endpoint) -> bool {
        self.0 & Needs::of(endpoint).0 != 0
    }

    /// The data the page at location `hash` shows; `default_view` for a hash that
    /// names none, as the app does. A board needs what its tiles show; a board that
    /// cannot be found (or the settings page) needs everything, so nothing on it can
    /// go without.
    pub fn of_hash(hash: &str, default_view: Route, boards: &[Board]) -> Needs {
        match Route::from_hash(hash).unwrap_or(default_view) {
            Route::Overview => Needs::of_all([Endpoint::TeamActivity, Endpoint::ChannelActivity]),
            Route::Agents => Needs::of(Endpoint::UserActivity),
            Route::Queues => Needs::of(Endpoint::ChannelActivity),
            Route::Outbound => Needs::of(Endpoint::ListActivity),
            // Presence is reconciled against the teams' agents.
            Route::Presence => Needs::of_all([Endpoint::PresenceUsers, Endpoint::UserActivity]),
            Route::Board => crate::board::named(boards, route::board_id(hash).as_deref()).map_or(Needs::ALL, |b| {
                Needs::of_all(b.tiles.iter().filter_map(|t| t.kind.source()).map(|(e, _)| e))
            }),
            Route::Settings => Needs::ALL,
        }
    }

    /// What a kiosk polls at full pace: the page at `shown_hash` and what
    /// [`woken_ahead`] wakes of the next page.
    pub fn of_kiosk(shown_hash: &str, next: Needs, default_view: Route, boards: &[Board]) -> Needs {
        Needs::of_hash(shown_hash, default_view, boards).and(next)
    }

    /// Whether a kiosk needs slot `slot` of `endpoint` at full pace. Of presence,
    /// only everyone logged on (slot 0): that is what a kiosk's Presence view shows
    /// (it has no controls to pick a work type) and what a board's logged-on figure
    /// counts.
    pub fn holds(self, endpoint: Endpoint, slot: usize) -> bool {
        self.has(endpoint) && (endpoint != Endpoint::PresenceUsers || slot == 0)
    }

    /// Only the endpoints `keep` holds.
    fn only(self, keep: impl Fn(Endpoint) -> bool) -> Needs {
        Needs::of_all(Endpoint::ALL.into_iter().filter(|e| self.has(*e) && keep(*e)))
    }
}

/// What of the next page's needs (`next`) to poll at full pace `remaining_ms`
/// before it turns up: each endpoint from [`lead_ms`] ahead.
pub fn woken_ahead(next: Needs, remaining_ms: f64, lead_ms: impl Fn(Endpoint) -> f64) -> Needs {
    next.only(|e| remaining_ms <= lead_ms(e))
}

/// How long before its page turns up a resting source is woken, given the longest
/// its sources last waited for an answer (`wait_ms`, from falling due, queue
/// included). Woken, a source is asked at once (its data is older than a period),
/// and its next request falls due a period after that answer.
///
/// Long enough for that answer to be in by the turn even if it takes twice as long
/// as the last, and even though the clock that wakes it ticks once a second; short
/// enough that the request stands for the page's first one, so the next page costs
/// no request more than it shows: the next falls due a period after the answer,
/// shortly before or after the turn, and the data on screen are never older than a
/// period and an answer. Waking a period earlier asked every source of the page
/// once more. Never more than a period and a wait either (a fast poll, a slow
/// link): from then on one request is answered by the turn anyway.
pub fn lead_ms(period_s: f64, wait_ms: Option<f64>) -> f64 {
    let wait_ms = wait_ms.unwrap_or(0.0);
    (CLOCK_TICK_MS + 2.0 * wait_ms).min(period_s * 1000.0 + wait_ms)
}

/// How often the clock that wakes the next page's data ticks.
const CLOCK_TICK_MS: f64 = 1000.0;

/// Seconds between polls of a source no page of a kiosk's playlist shows: a work
/// type's presence list (a kiosk's Presence view has no picker), an endpoint of no
/// page. It is still asked, so a page brought up by hand (the settings page, a link
/// typed in) starts from data no older than this, and the status bar does not wait
/// for it.
pub const UNSHOWN_S: f64 = 120.0;

/// How a kiosk paces a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// On the page on screen or woken for the next: the configured period.
    Shown,
    /// On another page of the playlist: [`rest_s`].
    Resting,
    /// On no page of the playlist: [`UNSHOWN_S`].
    Unshown,
}

impl Pace {
    /// The pace of slot `slot` of `endpoint`, needed now by `now` and ever by the
    /// playlist's pages (`playlist`).
    pub fn of(now: Needs, playlist: Needs, endpoint: Endpoint, slot: usize) -> Pace {
        if now.holds(endpoint, slot) {
            Pace::Shown
        } else if playlist.holds(endpoint, slot) {
            Pace::Resting
        } else {
            Pace::Unshown
        }
    }
}

/// The seconds between polls of a source of `endpoint` configured at
/// `configured_s` and paced `pace`; a source already slower keeps its own period.
pub fn period_s(endpoint: Endpoint, configured_s: f64, pace: Pace) -> f64 {
    match pace {
        Pace::Shown => configured_s,
        Pace::Resting => configured_s.max(rest_s(endpoint)),
        Pace::Unshown => configured_s.max(UNSHOWN_S),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::parse;
    use crate::config::Config;
    use crate::kiosk::playlist::Page;

    fn needs(hash: &str) -> Needs {
        Needs::of_hash(hash, Route::Overview, &crate::board::all(&Config::default()))
    }

    fn endpoints(n: Needs) -> Vec<Endpoint> {
        Endpoint::ALL.into_iter().filter(|e| n.has(*e)).collect()
    }

    #[test]
    fn each_view_needs_the_data_it_shows() {
        use Endpoint::*;
        assert_eq!(endpoints(needs("#/overview")), [TeamActivity, ChannelActivity]);
        assert_eq!(endpoints(needs("#/agents?team=sales")), [UserActivity]);
        assert_eq!(endpoints(needs("#/queues")), [ChannelActivity]);
        assert_eq!(endpoints(needs("#/outbound")), [ListActivity]);
        assert_eq!(endpoints(needs("#/presence")), [UserActivity, PresenceUsers]);
        assert_eq!(needs("#/settings"), Needs::ALL);
        assert_eq!(needs(""), needs("#/overview"), "no hash: the default view");
    }

    #[test]
    fn a_board_needs_what_its_tiles_show() {
        let json = serde_json::json!([{
            "id": "calls",
            "tiles": [
                { "kind": "number", "metric": "longestWait" },
                { "kind": "topList", "of": "timeInState" },
                { "kind": "clock" }
            ]
        }]);
        let read = parse::boards(&json).unwrap();
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        let boards = read.boards;
        let of = |hash: &str| endpoints(Needs::of_hash(hash, Route::Overview, &boards));
        assert_eq!(of("#/board/calls"), [Endpoint::UserActivity, Endpoint::ChannelActivity]);
        assert_eq!(of("#/board"), of("#/board/calls"), "the first board");
        assert_eq!(
            of("#/board/nope"),
            endpoints(Needs::ALL),
            "an unknown board rests nothing"
        );
    }

    #[test]
    fn a_kiosk_polls_the_page_on_screen_and_the_next_one() {
        let boards = crate::board::all(&Config::default());
        let next = Page::parse("outbound").map_or(Needs::NONE, |p| needs(&p.hash()));
        let n = Needs::of_kiosk("#/agents", next, Route::Overview, &boards);
        assert_eq!(endpoints(n), [Endpoint::UserActivity, Endpoint::ListActivity]);
        let alone = Needs::of_kiosk("#/agents", Needs::NONE, Route::Overview, &boards);
        assert_eq!(endpoints(alone), [Endpoint::UserActivity]);
    }

    #[test]
    fn of_presence_only_everyone_logged_on_is_needed() {
        let presence = needs("#/presence");
        assert!(presence.holds(Endpoint::PresenceUsers, 0));
        assert!(!presence.holds(Endpoint::PresenceUsers, 3), "a work type's list");
        assert!(presence.holds(Endpoint::UserActivity, 3), "every team's agents");
        assert!(!needs("#/queues").holds(Endpoint::PresenceUsers, 0));
    }

    /// What a source resting at 30 s costs and shows when its page turns up at 40 s
    /// and stays 5 s, polled every 2 s while shown, answering in `answer_ms`; a clock
    /// ticking each second (at +`tick_offset_ms`) decides when to wake it.
    struct PageTurn {
        /// Requests from 5 s before the turn until the page leaves.
        asked: usize,
        answered_by_turn: bool,
        /// The oldest its data got while the page was on screen.
        oldest_shown_ms: f64,
    }

    fn a_page_turns_up(answer_ms: f64, tick_offset_ms: f64) -> PageTurn {
        use crate::poller::Scheduler;
        let (turn, leaves, step) = (40_000.0, 45_000.0, 10.0);
        let mut s = Scheduler::new(&[30_000.0], 4, 0.0, 1, 0.0);
        let mut done_at = None::<f64>;
        let mut answered_at = f64::NEG_INFINITY;
        let mut t = PageTurn {
            asked: 0,
            answered_by_turn: false,
            oldest_shown_ms: 0.0,
        };
        let mut now = 0.0;
        while now < leaves {
            if (now - tick_offset_ms).rem_euclid(1_000.0) < step {
                let pace = if now >= turn || turn - now <= lead_ms(2.0, s.last_wait_ms(0)) {
                    Pace::Shown
                } else {
                    Pace::Resting
                };
                s.set_period(0, period_s(Endpoint::TeamActivity, 2.0, pace) * 1_000.0, now);
            }
            if done_at.is_some_and(|at| at <= now) {
                s.complete(0, now, Ok(()));
                answered_at = now;
                done_at = None;
            }
            if now < turn {
                t.answered_by_turn = done_at.is_none() && answered_at > turn - 5_000.0;
            } else {
                t.oldest_shown_ms = t.oldest_shown_ms.max(now - answered_at);
            }
            if !s.take_due(now).is_empty() {
                t.asked += usize::from(now > turn - 5_000.0);
                done_at = Some(now + answer_ms);
            }
            now += step;
        }
        t
    }

    #[test]
    fn a_page_turns_up_with_its_data_answered_and_no_request_more_than_it_shows() {
        for tick_offset_ms in [0.0, 250.0, 990.0] {
            for answer_ms in [50.0, 400.0, 900.0, 1_500.0] {
                let t = a_page_turns_up(answer_ms, tick_offset_ms);
                let case = format!("answers in {answer_ms} ms, ticks at +{tick_offset_ms} ms");
                assert!(t.answered_by_turn, "{case}");
                // Shown 5 s at 2 s: the answers of 0, 2 and 4 s, and no fourth ahead.
                assert_eq!(t.asked, 3, "{case}");
                // Never older on screen than a period and an answer.
                assert!(
                    t.oldest_shown_ms <= 2_000.0 + answer_ms + 10.0,
                    "{case}: {}",
                    t.oldest_shown_ms
                );
            }
        }
    }

    #[test]
    fn the_next_pages_data_wakes_a_tick_and_two_answers_before_it_turns_up() {
        // Overview next: teams polled every 5 s and last answered in 0.5 s, queues
        // every 20 s and not asked yet.
        let next = needs("#/overview");
        let lead = |e: Endpoint| {
            if e == Endpoint::TeamActivity {
                lead_ms(5.0, Some(500.0))
            } else {
                lead_ms(20.0, None)
            }
        };
        let at = |remaining_s: f64| endpoints(woken_ahead(next, remaining_s * 1000.0, lead));
        assert_eq!(at(2.1), []);
        assert_eq!(at(2.0), [Endpoint::TeamActivity]);
        assert_eq!(at(1.0), [Endpoint::TeamActivity, Endpoint::ChannelActivity]);
        // A fast poll on a slow link: a period and a wait already get one answer in.
        assert_eq!(lead_ms(1.0, Some(1_500.0)), 2_500.0);
    }

    #[test]
    fn a_source_slows_to_its_pace_never_speeds_up() {
        use Pace::*;
        assert_eq!(period_s(Endpoint::UserActivity, 2.0, Shown), 2.0);
        assert_eq!(period_s(Endpoint::UserActivity, 2.0, Resting), 30.0);
        assert_eq!(period_s(Endpoint::ChannelActivity, 2.0, Resting), 10.0, "queue history");
        assert_eq!(period_s(Endpoint::PresenceUsers, 60.0, Resting), 60.0);
        assert_eq!(period_s(Endpoint::ListActivity, 2.0, Unshown), 120.0);
        assert_eq!(period_s(Endpoint::ListActivity, 600.0, Unshown), 600.0);
    }

    #[test]
    fn what_no_page_of_the_playlist_shows_is_asked_least() {
        use Endpoint::*;
        let playlist = needs("#/agents").and(needs("#/presence"));
        let now = needs("#/agents");
        assert_eq!(Pace::of(now, playlist, UserActivity, 4), Pace::Shown);
        assert_eq!(
            Pace::of(now, playlist, PresenceUsers, 0),
            Pace::Resting,
            "everyone logged on"
        );
        assert_eq!(
            Pace::of(now, playlist, PresenceUsers, 3),
            Pace::Unshown,
            "a work type's list"
        );
        assert_eq!(
            Pace::of(now, playlist, ListActivity, 0),
            Pace::Unshown,
            "Outbound is not played"
        );
        // A page brought up by hand wakes what it shows.
        assert_eq!(Pace::of(needs("#/outbound"), playlist, ListActivity, 0), Pace::Shown);
    }
}
