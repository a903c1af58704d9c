//! The dashboard's settings: defaults < `config.json` < saved settings < URL
//! parameters, validated once. A bad value is reported by name and the rest still
//! works (see [`merge`]).

pub(crate) mod fields;
mod kiosk_fields;
pub mod merge;
mod state_limits;
pub mod table;
pub(crate) mod values;

use floorview_reporting::{Endpoint, TzOffset};

use crate::fit::Fit;
use crate::kiosk::playlist::Page;
use crate::kiosk::quiet_time::QuietTime;
use crate::route::Route;

pub use fields::apply as apply_setting;
pub use merge::{resolve, Issue, Layer, Resolved};
pub use state_limits::{StateLimit, StateLimits};

/// Key under which the settings page saves its overrides in localStorage.
pub const SAVED_SETTINGS_KEY: &str = "floorview.settings";

/// Everything the dashboard is told about its deployment and taste.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Base URL of the proxy: empty for the same origin, else `http(s)://…` (CORS).
    pub proxy_url: String,
    pub org_id: String,
    pub teams: Vec<String>,
    pub work_types: Vec<String>,
    pub contact_lists: Vec<String>,
    pub poll: PollPeriods,
    pub tz_offset: Option<TzOffset>,
    pub thresholds: Thresholds,
    pub theme: Theme,
    /// Multiplies every font size (1 = 100 %), for reading from afar or with low vision.
    pub text_scale: f64,
    pub kiosk: bool,
    pub view: Route,
    /// Kiosk pages to rotate through; fewer than two: no rotation.
    pub playlist: Vec<Page>,
    pub rotate_s: u32,
    /// How kiosk views fit their screen: grow, shrink or split into pages.
    pub fit: Fit,
    /// Seconds between the kiosk's one-pixel shifts against burn-in; 0: off.
    pub pixel_shift_s: u32,
    /// Local time of the kiosk's daily reload, if any.
    pub daily_reload: Option<QuietTime>,
    /// Seconds of stillness before the kiosk hides the cursor; 0: never.
    pub hide_cursor_s: u32,
    /// Seconds between the kiosk's checks for a new deployment; 0: never.
    pub update_check_s: u32,
    pub timeout_s: u32,
    pub max_in_flight: u32,
    /// Boards from `config.json` and saved settings (by id, the later layer's
    /// winning); the built-in ones are added by [`crate::board::all`].
    pub boards: Vec<crate::board::Board>,
    /// Boards that could not be read, each named with the reason.
    pub board_problems: Vec<String>,
    /// Record each poll's apply time as a `performance.measure` (for `cargo xtask
    /// bench`); off by default, since the browser keeps every entry.
    pub perf_marks: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            proxy_url: String::new(),
            org_id: "demo".to_owned(),
            teams: Vec::new(),
            work_types: Vec::new(),
            contact_lists: Vec::new(),
            poll: PollPeriods::default(),
            tz_offset: None,
            thresholds: Thresholds::default(),
            theme: Theme::Auto,
            text_scale: 1.0,
            kiosk: false,
            view: Route::Overview,
            playlist: Vec::new(),
            rotate_s: 30,
            fit: Fit::Auto,
            pixel_shift_s: crate::kiosk::burn_in::DEFAULT_STEP_S,
            daily_reload: None,
            hide_cursor_s: 5,
            update_check_s: 300,
            timeout_s: 10,
            max_in_flight: 4,
            boards: Vec::new(),
            board_problems: Vec::new(),
            perf_marks: false,
        }
    }
}

impl Config {
    /// The proxy's base URL with no trailing slash, ready to prefix a path.
    pub fn base_url(&self) -> &str {
        self.proxy_url.trim_end_matches('/')
    }

    /// The theme the screen uses: kiosk screens are dark unless a theme was chosen.
    pub fn theme_shown(&self) -> Theme {
        match self.theme {
            Theme::Auto if self.kiosk => Theme::Dark,
            chosen => chosen,
        }
    }
}

/// Seconds between polls of each endpoint.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollPeriods([f64; 5]);

impl Default for PollPeriods {
    fn default() -> Self {
        // Counts change by the second; lists and presence are slower to matter.
        PollPeriods([5.0, 5.0, 5.0, 30.0, 30.0])
    }
}

impl PollPeriods {
    fn index(endpoint: Endpoint) -> usize {
        Endpoint::ALL.iter().position(|e| *e == endpoint).unwrap_or(0)
    }

    /// The period of one endpoint, in seconds.
    pub fn seconds(&self, endpoint: Endpoint) -> f64 {
        self.0[Self::index(endpoint)]
    }

    /// Sets one endpoint's period.
    pub fn set(&mut self, endpoint: Endpoint, seconds: f64) {
        self.0[Self::index(endpoint)] = seconds;
    }

    /// Sets every endpoint's period (the URL's `refresh`).
    pub fn set_all(&mut self, seconds: f64) {
        self.0 = [seconds; 5];
    }
}

/// Where numbers turn amber and red.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    pub longest_wait_warn_s: f64,
    pub longest_wait_critical_s: f64,
    pub queue_warn: f64,
    pub queue_critical: f64,
    /// Time in state, per agent state.
    pub states: StateLimits,
}

impl Thresholds {
    /// The limits of a work type's queue size.
    pub fn queue(&self) -> Limit {
        Limit {
            warn: self.queue_warn,
            critical: self.queue_critical,
        }
    }

    /// The limits of a work type's longest wait, in seconds.
    pub fn longest_wait(&self) -> Limit {
        Limit {
            warn: self.longest_wait_warn_s,
            critical: self.longest_wait_critical_s,
        }
    }
}

/// A warn/critical pair, copied into the views and checks that judge one figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    pub warn: f64,
    pub critical: f64,
}

impl Limit {
    /// The level of `value` against this pair (see [`Level::of`]).
    pub fn level(self, value: f64) -> Level {
        Level::of(value, self.warn, self.critical)
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            longest_wait_warn_s: 60.0,
            longest_wait_critical_s: 180.0,
            queue_warn: 5.0,
            queue_critical: 15.0,
            states: StateLimits::default(),
        }
    }
}

/// A value's standing against a warn/critical pair, ordered from calm to critical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Level {
    #[default]
    Normal,
    Warn,
    Critical,
}

impl Level {
    /// Judges `value` against `warn` and `critical` (inclusive).
    pub fn of(value: f64, warn: f64, critical: f64) -> Level {
        if value >= critical {
            Level::Critical
        } else if value >= warn {
            Level::Warn
        } else {
            Level::Normal
        }
    }

    /// CSS modifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Normal => "normal",
            Level::Warn => "warn",
            Level::Critical => "critical",
        }
    }

    /// The words beside the colour, since colour is never the only signal.
    pub fn label(self) -> &'static str {
        match self {
            Level::Normal => "",
            Level::Warn => "▲ high",
            Level::Critical => "◆ critical",
        }
    }
}

/// Colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
    /// Black, white and saturated colours, for low vision and washed-out screens.
    HighContrast,
    /// Follow the operating system (`prefers-color-scheme`).
    Auto,
}

impl Theme {
    /// The value of `<html data-theme>`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Dark => "dark",
            Theme::Light => "light",
            Theme::HighContrast => "high-contrast",
            Theme::Auto => "auto",
        }
    }

    /// Every theme, in the order the settings offer them.
    pub const ALL: [Theme; 4] = [Theme::Auto, Theme::Light, Theme::Dark, Theme::HighContrast];

    /// How the settings name it.
    pub fn title(self) -> &'static str {
        match self {
            Theme::Dark => "Dark",
            Theme::Light => "Light",
            Theme::HighContrast => "High contrast",
            Theme::Auto => "Follow the system",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kiosk_screens_are_dark_unless_told_otherwise() {
        let mut c = Config {
            kiosk: true,
            ..Config::default()
        };
        assert_eq!(c.theme_shown(), Theme::Dark);
        c.theme = Theme::Light;
        assert_eq!(c.theme_shown(), Theme::Light);
        c.kiosk = false;
        c.theme = Theme::Auto;
        assert_eq!(c.theme_shown(), Theme::Auto);
    }

    #[test]
    fn levels_are_inclusive_at_their_thresholds() {
        assert_eq!(Level::of(59.0, 60.0, 180.0), Level::Normal);
        assert_eq!(Level::of(60.0, 60.0, 180.0), Level::Warn);
        assert_eq!(Level::of(180.0, 60.0, 180.0), Level::Critical);
    }

    #[test]
    fn levels_rank_calm_to_critical_and_limits_judge_their_figure() {
        assert!(Level::Normal < Level::Warn && Level::Warn < Level::Critical);
        let t = Thresholds::default();
        assert_eq!(t.queue().level(t.queue_warn), Level::Warn);
        assert_eq!(t.longest_wait().level(t.longest_wait_critical_s), Level::Critical);
        assert_eq!(t.longest_wait().level(0.0), Level::Normal);
    }

    #[test]
    fn base_url_drops_trailing_slashes() {
        let c = Config {
            proxy_url: "https://proxy.example/".into(),
            ..Config::default()
        };
        assert_eq!(c.base_url(), "https://proxy.example");
        assert_eq!(Config::default().base_url(), "");
    }

    #[test]
    fn poll_periods_are_per_endpoint() {
        let mut p = PollPeriods::default();
        p.set(Endpoint::ChannelActivity, 2.0);
        assert_eq!(p.seconds(Endpoint::ChannelActivity), 2.0);
        assert_eq!(p.seconds(Endpoint::ListActivity), 30.0);
        p.set_all(10.0);
        assert_eq!(p.seconds(Endpoint::PresenceUsers), 10.0);
    }
}
