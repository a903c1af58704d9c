//! The views and their hash routes (`#/overview`), so any static host serves the app
//! without rewrite rules.

/// One of the dashboard's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Route {
    #[default]
    Overview,
    Agents,
    Queues,
    Outbound,
    Presence,
    /// The settings panel: reachable from the top bar, never part of a playlist.
    Settings,
}

impl Route {
    /// Every view, in the order of the navigation bar.
    pub const ALL: [Route; 5] = [
        Route::Overview,
        Route::Agents,
        Route::Queues,
        Route::Outbound,
        Route::Presence,
    ];

    /// The route's name in URLs and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Overview => "overview",
            Route::Agents => "agents",
            Route::Queues => "queues",
            Route::Outbound => "outbound",
            Route::Presence => "presence",
            Route::Settings => "settings",
        }
    }

    /// The navigation label.
    pub fn title(self) -> &'static str {
        match self {
            Route::Overview => "Overview",
            Route::Agents => "Agents",
            Route::Queues => "Queues",
            Route::Outbound => "Outbound",
            Route::Presence => "Presence",
            Route::Settings => "Settings",
        }
    }

    /// `#/overview`.
    pub fn href(self) -> String {
        format!("#/{}", self.as_str())
    }

    /// A view by name, ignoring case.
    pub fn from_name(name: &str) -> Option<Route> {
        Route::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// The view a location hash names (`#/agents`, `#agents`, `#/agents?x`,
    /// `#/settings`); `None` for an empty or unknown hash.
    pub fn from_hash(hash: &str) -> Option<Route> {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let name = path.split(['/', '?', '&']).next().unwrap_or("");
        if name.eq_ignore_ascii_case(Route::Settings.as_str()) {
            return Some(Route::Settings);
        }
        Route::from_name(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_name_views() {
        assert_eq!(Route::from_hash("#/agents"), Some(Route::Agents));
        assert_eq!(Route::from_hash("#queues"), Some(Route::Queues));
        assert_eq!(Route::from_hash("#/Outbound/x?y"), Some(Route::Outbound));
        assert_eq!(Route::from_hash(""), None);
        assert_eq!(Route::from_hash("#/nowhere"), None);
        assert_eq!(Route::from_hash("#/settings"), Some(Route::Settings));
        // Settings is a page, not a view a wallboard can be told to show.
        assert_eq!(Route::from_name("settings"), None);
        for r in Route::ALL {
            assert_eq!(Route::from_hash(&r.href()), Some(r));
        }
    }
}
