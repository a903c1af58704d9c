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
    /// A board (`#/board/floor`): which one is in the hash ([`board_id`]).
    Board,
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
            Route::Board => "board",
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
            Route::Board => "Boards",
            Route::Settings => "Settings",
        }
    }

    /// `#/overview`.
    pub fn href(self) -> String {
        format!("#/{}", self.as_str())
    }

    /// A view (or `board`) by name, ignoring case.
    pub fn from_name(name: &str) -> Option<Route> {
        Route::ALL
            .into_iter()
            .chain([Route::Board])
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

/// The board a hash names: `#/board/floor`, or `#/board?id=floor`; `None` for
/// `#/board` alone (the first board is shown).
pub fn board_id(hash: &str) -> Option<String> {
    let path = hash.trim_start_matches('#').trim_start_matches('/');
    let path = path.split('?').next().unwrap_or("");
    let mut parts = path.split('/');
    if !parts.next().is_some_and(|p| p.eq_ignore_ascii_case("board")) {
        return None;
    }
    parts
        .next()
        .map(decode_component)
        .filter(|id| !id.is_empty())
        .or_else(|| hash_params(hash).into_iter().find(|(k, _)| k == "id").map(|(_, v)| v))
}

/// Whether the hash asks for a board's editor (`#/board/floor/edit`).
pub fn board_edit(hash: &str) -> bool {
    let path = hash.trim_start_matches('#').trim_start_matches('/');
    let path = path.split('?').next().unwrap_or("");
    let parts: Vec<&str> = path.split('/').collect();
    parts.len() == 3 && parts[0].eq_ignore_ascii_case("board") && parts[2] == "edit"
}

/// The parameters after `?` in a location hash (`#/agents?team=sales&state=wrap`),
/// percent-decoded, so a link or the kiosk playlist can open a view narrowed down.
pub fn hash_params(hash: &str) -> Vec<(String, String)> {
    let Some((_, query)) = hash.split_once('?') else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

/// `%XX` and `+` decoded; a malformed escape is kept as written.
fn decode_component(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boards_are_named_in_the_hash() {
        assert_eq!(Route::from_hash("#/board/floor"), Some(Route::Board));
        assert_eq!(board_id("#/board/floor"), Some("floor".to_owned()));
        assert_eq!(board_id("#/board/sales%20floor?x=1"), Some("sales floor".to_owned()));
        assert_eq!(board_id("#/board?id=queues"), Some("queues".to_owned()));
        assert_eq!(board_id("#/board"), None);
        assert_eq!(board_id("#/agents/floor"), None);
        assert!(board_edit("#/board/floor/edit"));
        assert!(!board_edit("#/board/floor"));
        assert_eq!(Route::from_name("Board"), Some(Route::Board));
        assert!(
            !Route::ALL.contains(&Route::Board),
            "boards have their own link, not a view's"
        );
    }

    #[test]
    fn hash_parameters_are_decoded() {
        let p = hash_params("#/agents?team=sales_team&q=Ana%20Li&team=b+c&bad=%zz&flag");
        let want = [
            ("team", "sales_team"),
            ("q", "Ana Li"),
            ("team", "b c"),
            ("bad", "%zz"),
            ("flag", ""),
        ];
        let want: Vec<(String, String)> = want.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        assert_eq!(p, want);
        assert!(hash_params("#/agents").is_empty());
        assert_eq!(hash_params("#/a?x=%E2%9C%93")[0].1, "✓");
    }

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
