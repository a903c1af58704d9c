//! The wallboard link: one URL that sets a kiosk up in any browser, because it
//! carries every setting the screen depends on (saved settings live in one browser).

use std::fmt::Write;

use floorview_reporting::endpoint::encode_component;
use serde_json::Value;

use super::export::to_json;
use crate::config::table::{InLink, SETTINGS};
use crate::config::Config;
use crate::viewer_key;

/// What a wallboard link is built from.
#[derive(Debug, Clone)]
pub struct LinkRequest<'a> {
    /// The app's address without query or fragment (`https://wallboard.example.com/`).
    pub base: &'a str,
    /// The settings the link must reproduce.
    pub settings: &'a Config,
    /// What the deployment's `config.json` gives, which the kiosk reads too.
    pub deployment: &'a Config,
    /// The rotation as the user wrote it (`overview`, `agents:sales_team`).
    pub views: &'a [String],
    /// This tab's viewer key, only when the user ticked the box that puts it in.
    pub viewer_key: Option<&'a str>,
}

/// Ids joined by commas, each encoded; ids that themselves hold a comma repeat the
/// parameter instead (`teams=a&teams=b`), which the URL layer reads as a list too.
fn list_params(name: &str, ids: &[String]) -> Vec<String> {
    if ids.iter().any(|id| id.contains(',')) {
        return ids
            .iter()
            .map(|id| format!("{name}={}", encode_component(id)))
            .collect();
    }
    let joined: Vec<String> = ids.iter().map(|id| encode_component(id)).collect();
    vec![format!("{name}={}", joined.join(","))]
}

/// `view[:filter]`, each part encoded, the colon kept.
fn view_entry(entry: &str) -> String {
    entry
        .split(':')
        .map(|part| encode_component(part.trim()))
        .collect::<Vec<_>>()
        .join(":")
}

/// Beyond this many characters a link is awkward to pass on: chat tools cut it,
/// QR codes grow dense, some servers refuse long request lines. Boards then travel
/// packed (deflated, base64url) in the fragment, which is never sent to a server.
pub const LONG_LINK: usize = 2000;
/// The fragment parameter of packed boards.
pub const PACKED_BOARDS: &str = "boards";

/// A wallboard link, and the boards it still needs packed into it when they made
/// it too long to carry in the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WallboardLink {
    pub link: String,
    /// `boards` as JSON text, for the browser to pack ([`WallboardLink::with_packed`]).
    pub to_pack: Option<String>,
}

impl WallboardLink {
    /// The link with the packed boards in its fragment.
    pub fn with_packed(&self, packed: &str) -> String {
        let joiner = if self.link.contains('#') { '&' } else { '#' };
        format!("{}{joiner}{PACKED_BOARDS}={packed}", self.link)
    }
}

/// The kiosk link: the settings the table puts in it always (`kiosk`, `views`,
/// `rotate`, `teams`, `workTypes`, `theme`, `fit`); the others it allows only where
/// they differ from the deployment's; the
/// viewer key, if given, in the fragment, which browsers never send to a server.
pub fn wallboard_link(r: &LinkRequest<'_>) -> WallboardLink {
    let s = r.settings;
    let views: Vec<String> = r.views.iter().map(|v| view_entry(v)).collect();
    let mut params = vec![
        "kiosk".to_owned(),
        format!("views={}", views.join(",")),
        format!("rotate={}", s.rotate_s),
    ];
    params.extend(list_params("teams", &s.teams));
    params.extend(list_params("workTypes", &s.work_types));
    params.push(format!("theme={}", s.theme.as_str()));
    params.push(format!("fit={}", s.fit.as_str()));
    let (mine, theirs) = (to_json(s), to_json(r.deployment));
    let mut boards = None;
    let changeable = SETTINGS.iter().filter(|s| s.link == InLink::WhenChanged);
    for key in changeable.map(|s| s.key) {
        if mine[key] == theirs[key] {
            continue;
        }
        match &mine[key] {
            Value::String(text) => params.push(format!("{key}={}", encode_component(text))),
            Value::Array(items) if items.iter().all(Value::is_string) => {
                let ids: Vec<String> = items.iter().filter_map(Value::as_str).map(str::to_owned).collect();
                params.extend(list_params(key, &ids));
            }
            // Objects, and lists of them (boards), travel as JSON text, which the
            // settings accept from a URL.
            other => {
                if key == PACKED_BOARDS {
                    boards = Some(other.to_string());
                } else {
                    params.push(format!("{key}={}", encode_component(&other.to_string())));
                }
            }
        }
    }
    let mut link = format!("{}?{}", r.base, params.join("&"));
    let mut to_pack = None;
    if let Some(boards) = boards {
        let param = format!("&{PACKED_BOARDS}={}", encode_component(&boards));
        if link.len() + param.len() <= LONG_LINK {
            link.push_str(&param);
        } else {
            to_pack = Some(boards);
        }
    }
    if let Some(key) = r.viewer_key.filter(|k| !k.trim().is_empty()) {
        // Writing to a String cannot fail.
        let _ = write!(link, "#{}={}", viewer_key::FRAGMENT_PARAM, encode_component(key.trim()));
    }
    WallboardLink { link, to_pack }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::merge::url_layer;
    use crate::config::{resolve, Layer, Theme};
    use crate::kiosk::playlist::Page;
    use crate::route::Route;

    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    /// What the kiosk's browser makes of a link: its query as the URL layer over the
    /// deployment's `config.json`.
    /// Boards left to pack are added as the browser adds them once it has
    /// unpacked them from the fragment.
    fn open(link: &WallboardLink, deployment: &Config) -> crate::config::Resolved {
        let query = link.link.split_once('?').unwrap().1.split('#').next().unwrap();
        let mut params: Vec<(String, String)> = query
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        params.extend(link.to_pack.clone().map(|b| (PACKED_BOARDS.to_owned(), b)));
        resolve(&[(Layer::File, to_json(deployment)), (Layer::Url, url_layer(params))])
    }

    fn settings() -> Config {
        let mut c = Config {
            org_id: "acme".into(),
            teams: vec!["sales_team".into(), "team, with comma".into()],
            work_types: vec!["sales_voice".into(), "support chat".into()],
            contact_lists: vec!["Spring Renewals".into()],
            theme: Theme::Dark,
            text_scale: 1.5,
            tz_offset: "+01:00".parse().ok(),
            playlist: vec![Page::of(Route::Overview), Page::of(Route::Queues)],
            rotate_s: 20,
            ..Config::default()
        };
        c.thresholds.queue_critical = 12.0;
        c.thresholds.states.set("notready", 60.0, 120.0);
        c.poll.set(Endpoint::TeamActivity, 2.0);
        c
    }

    use floorview_reporting::Endpoint;

    #[test]
    fn the_link_reproduces_the_settings_in_another_browser() {
        let deployment = Config::default();
        let views = vec!["overview".to_owned(), "queues".to_owned()];
        let mut s = settings();
        s.hide_cursor_s = 12;
        s.daily_reload = "03:30".parse().ok();
        // A personal board travels with the screen.
        let mut board = crate::board::builtin::boards(&s).remove(1);
        board.id = "mine".to_owned();
        board.title = "Mine & yours?".to_owned();
        s.boards = vec![board];
        let built = wallboard_link(&LinkRequest {
            base: "https://wb.example/",
            settings: &s,
            deployment: &deployment,
            views: &views,
            viewer_key: None,
        });
        let opened = open(&built, &deployment);
        let link = built.link;
        assert!(
            link.starts_with("https://wb.example/?kiosk&views=overview,queues&rotate=20&teams=sales_team&teams=team%2C%20with%20comma&workTypes=sales_voice,support%20chat&theme=dark"),
            "{link}"
        );
        assert!(!link.contains('#'), "no key, no fragment: {link}");
        let query = link.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let names: Vec<&str> = query.split('&').map(|p| p.split('=').next().unwrap_or(p)).collect();
        for setting in SETTINGS.iter().filter(|s| s.link == InLink::Always) {
            let mut named = std::iter::once(setting.key).chain(setting.aliases.iter().copied());
            assert!(named.any(|n| names.contains(&n)), "{} is not in {link}", setting.key);
        }
        assert!(opened.issues.is_empty(), "{:?}", opened.issues);
        let mut want = s.clone();
        want.kiosk = true;
        let mut got = opened.config;
        for c in [&mut want, &mut got] {
            c.thresholds.states.0.sort_by(|a, b| a.state.cmp(&b.state));
        }
        assert_eq!(got, want);
    }

    #[test]
    fn settings_equal_to_the_deployment_stay_out_of_the_link() {
        let deployment = settings();
        let views = vec!["overview".to_owned()];
        let link = wallboard_link(&LinkRequest {
            base: "/",
            settings: &deployment,
            deployment: &deployment,
            views: &views,
            viewer_key: None,
        })
        .link;
        for key in ["orgId", "thresholds", "pollSeconds", "textScale", "contactLists"] {
            assert!(!link.contains(&format!("{key}=")), "{key} in {link}");
        }
    }

    #[test]
    fn a_viewer_key_goes_only_in_the_fragment_and_only_when_asked() {
        let c = Config::default();
        let views = vec!["agents:sales_team".to_owned()];
        let mut r = LinkRequest {
            base: "https://wb.example/",
            settings: &c,
            deployment: &c,
            views: &views,
            viewer_key: None,
        };
        assert!(!wallboard_link(&r).link.contains("key"));
        r.viewer_key = Some("wallboard-7");
        let link = wallboard_link(&r).link;
        assert!(link.contains("views=agents:sales_team"), "{link}");
        let (query, fragment) = link.split_once('#').unwrap();
        assert_eq!(fragment, "key=wallboard-7");
        assert!(!query.contains("wallboard-7"));
        assert_eq!(
            viewer_key::take_from_hash(&format!("#{fragment}")).0.as_deref(),
            Some("wallboard-7")
        );
    }

    #[test]
    fn boards_too_long_for_the_query_are_left_to_pack_into_the_fragment() {
        let deployment = Config::default();
        let views = vec!["board:big".to_owned()];
        let mut s = settings();
        let request = |s: &Config, key: Option<&'static str>| {
            wallboard_link(&LinkRequest {
                base: "https://wb.example/",
                settings: s,
                deployment: &deployment,
                views: &views,
                viewer_key: key,
            })
        };
        assert_eq!(request(&s, None).to_pack, None);
        // Twelve copies of the floor board: far over the limit as text.
        let floor = crate::board::builtin::boards(&s).remove(0);
        s.boards = (0..12)
            .map(|i| crate::board::Board {
                id: format!("b{i}"),
                ..floor.clone()
            })
            .collect();
        let long = request(&s, Some("k7"));
        let json = long.to_pack.clone().expect("boards to pack");
        assert!(!long.link.contains("boards="), "{}", long.link);
        assert!(long.link.len() < LONG_LINK);
        let read = crate::board::parse::boards(&serde_json::from_str(&json).unwrap()).unwrap();
        assert_eq!(read.boards, s.boards);
        // Packed, they join the key in the fragment, and each is taken back out.
        let packed = long.with_packed("eJzLSM3JyQcABiwCFQ");
        let fragment = packed.split_once('#').unwrap().1;
        assert_eq!(fragment, "key=k7&boards=eJzLSM3JyQcABiwCFQ");
        let (key, rest) = viewer_key::take_from_hash(&format!("#{fragment}"));
        assert_eq!(key.as_deref(), Some("k7"));
        assert_eq!(
            viewer_key::take_fragment_param(&rest, PACKED_BOARDS).0.as_deref(),
            Some("eJzLSM3JyQcABiwCFQ")
        );
    }
}
