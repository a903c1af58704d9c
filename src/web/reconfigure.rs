//! The settings as this page loaded them, and the handle that loads and applies
//! them again (after a save, an import or a board edit), with a notice the rebuilt
//! page, or the other document the tab moves to, can show.

use leptos::prelude::*;
use serde_json::Value;

use super::browser;

/// Where a notice waits for the next page of the tab (sessionStorage).
const CARRIED_NOTICE_KEY: &str = "floorview.notice";

/// The layers the page edits against, as loaded.
#[derive(Debug, Clone)]
pub struct Layers {
    /// `config.json` (`Null` when none).
    pub file: Value,
    /// The settings saved in this browser (`Null` when none).
    pub saved: Value,
}

/// Loads the settings again and rebuilds the app with them; a notice survives the
/// rebuild, so the new page can say what happened.
#[derive(Clone, Copy)]
pub struct Reconfigure {
    reload: Callback<()>,
    notice: RwSignal<Option<String>>,
}

impl Reconfigure {
    /// A handle that runs `reload` to load and apply the settings.
    ///
    /// A notice the other document carried here (a board saved in the editor, shown
    /// on the board) is this page's to show.
    pub fn new(reload: impl Fn() + Send + Sync + 'static) -> Reconfigure {
        Reconfigure {
            reload: Callback::new(move |()| reload()),
            notice: RwSignal::new(browser::take_from_tab(CARRIED_NOTICE_KEY)),
        }
    }

    /// Keeps the notice for the page the tab moves to (the other document).
    pub fn carry_notice(self) {
        if let Some(notice) = self.take_notice() {
            browser::keep_for_tab(CARRIED_NOTICE_KEY, Some(&notice));
        }
    }

    /// Loads and applies the settings.
    pub fn reload(self) {
        self.reload.run(());
    }

    /// What the last reload was for, once: the page that shows it takes it.
    pub fn take_notice(self) -> Option<String> {
        let notice = self.notice.get_untracked();
        if notice.is_some() {
            self.notice.set(None);
        }
        notice
    }

    /// Loads and applies the settings; the rebuilt page says `notice`.
    pub fn reload_saying(self, notice: &str) {
        self.notice.set(Some(notice.to_owned()));
        self.reload();
    }
}
