//! The kiosk playlist: pages to rotate through, each a view with an optional
//! parameter (`overview,queues,agents:sales_team`), and the location hash that shows
//! each page (`#/agents?team=sales_team`).

use std::fmt;
use std::fmt::Write;

use crate::route::Route;

/// One page of the playlist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub route: Route,
    /// A parameter for the view, as it appears in the hash query (`team`, `sales_team`).
    pub param: Option<(String, String)>,
}

impl Page {
    /// A page showing a view without parameters.
    pub fn of(route: Route) -> Page {
        Page { route, param: None }
    }

    /// Reads `view`, `view:value` or `view:name=value`. A bare value goes to the
    /// view's usual parameter (`team` for Overview and Agents, `workType` for Queues
    /// and Presence, `contactList` for Outbound).
    pub fn parse(text: &str) -> Result<Page, String> {
        let text = text.trim();
        let (name, param) = match text.split_once(':') {
            Some((name, param)) => (name, Some(param.trim())),
            None => (text, None),
        };
        let route = Route::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = Route::ALL.iter().map(|r| r.as_str()).chain(["board:ID"]).collect();
            format!("\"{}\" is not a view ({})", name.trim(), names.join(", "))
        })?;
        let param = match param {
            None => None,
            Some(p) => {
                let (key, value) = match p.split_once('=') {
                    Some((k, v)) => (k.trim(), v.trim()),
                    None => (default_param(route), p),
                };
                check_part(key, "parameter name")?;
                check_part(value, "parameter value")?;
                Some((key.to_owned(), value.to_owned()))
            }
        };
        Ok(Page { route, param })
    }

    /// The location hash that shows this page.
    pub fn hash(&self) -> String {
        match &self.param {
            Some((k, v)) if self.route == Route::Board && k == "id" => format!("#/board/{}", encode(v)),
            None => self.route.href(),
            Some((k, v)) => format!("{}?{}={}", self.route.href(), encode(k), encode(v)),
        }
    }

    /// A short title for the page indicator: `Agents · sales_team`.
    pub fn title(&self) -> String {
        match &self.param {
            None => self.route.title().to_owned(),
            Some((_, v)) => format!("{} · {v}", self.route.title()),
        }
    }
}

impl fmt::Display for Page {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.param {
            None => f.write_str(self.route.as_str()),
            Some((k, v)) => write!(f, "{}:{k}={v}", self.route.as_str()),
        }
    }
}

/// The parameter a bare `view:value` sets.
fn default_param(route: Route) -> &'static str {
    match route {
        Route::Overview | Route::Agents | Route::Settings => "team",
        Route::Queues | Route::Presence => "workType",
        Route::Outbound => "contactList",
        Route::Board => "id",
    }
}

fn check_part(part: &str, what: &str) -> Result<(), String> {
    if part.is_empty() {
        return Err(format!("a {what} is empty"));
    }
    if part.chars().count() > 100 || part.chars().any(char::is_control) {
        return Err(format!("the {what} \"{part}\" is too long or has control characters"));
    }
    Ok(())
}

/// Percent-encodes everything but unreserved characters (as `encodeURIComponent`).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Reads a whole playlist from its pages' texts.
pub fn parse_all<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<Vec<Page>, String> {
    items.into_iter().map(Page::parse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_name_a_view_and_maybe_a_parameter() {
        let pages = parse_all([
            "overview",
            " Queues ",
            "agents:sales_team",
            "outbound:contactList=Win-back",
        ])
        .unwrap();
        assert_eq!(pages[0], Page::of(Route::Overview));
        assert_eq!(pages[1].route, Route::Queues);
        assert_eq!(pages[2].param, Some(("team".into(), "sales_team".into())));
        assert_eq!(pages[3].param, Some(("contactList".into(), "Win-back".into())));
    }

    #[test]
    fn each_page_has_its_hash() {
        assert_eq!(Page::parse("queues").unwrap().hash(), "#/queues");
        assert_eq!(
            Page::parse("agents:sales_team").unwrap().hash(),
            "#/agents?team=sales_team"
        );
        assert_eq!(
            Page::parse("outbound:Spring Renewals").unwrap().hash(),
            "#/outbound?contactList=Spring%20Renewals"
        );
        assert_eq!(Page::parse("agents:a&b").unwrap().hash(), "#/agents?team=a%26b");
        for text in ["overview", "agents:sales_team"] {
            let page = Page::parse(text).unwrap();
            assert_eq!(Route::from_hash(&page.hash()), Some(page.route));
        }
    }

    #[test]
    fn a_board_is_a_page_with_its_id_in_the_path() {
        let page = Page::parse("board:floor").unwrap();
        assert_eq!(page.hash(), "#/board/floor");
        assert_eq!(Route::from_hash(&page.hash()), Some(Route::Board));
        assert_eq!(crate::route::board_id(&page.hash()).as_deref(), Some("floor"));
        assert_eq!(Page::parse(&page.to_string()).unwrap(), page);
    }

    #[test]
    fn bad_pages_are_named() {
        assert!(Page::parse("moon").unwrap_err().contains("\"moon\" is not a view"));
        assert!(Page::parse("agents:").unwrap_err().contains("empty"));
        assert!(Page::parse("agents:=x").unwrap_err().contains("empty"));
        assert!(parse_all(["overview", "nope"]).is_err());
    }

    #[test]
    fn titles_and_display_read_back() {
        let page = Page::parse("agents:sales_team").unwrap();
        assert_eq!(page.title(), "Agents · sales_team");
        assert_eq!(Page::parse(&page.to_string()).unwrap(), page);
    }
}
