//! Kiosk mode, the pure half: the playlist and its rotation, the burn-in pixel
//! shift, the daily reload at a quiet time, the OFFLINE / STALE banner and spotting a
//! new deployment. The browser glue is in `web::kiosk`.

pub mod banner;
pub mod burn_in;
pub mod deployment;
pub mod playlist;
pub mod quiet_time;
pub mod rotation;

use crate::config::{Config, Theme};

/// The theme a screen uses: kiosk screens are dark unless a theme was chosen.
pub fn theme(config: &Config) -> Theme {
    match config.theme {
        Theme::Auto if config.kiosk => Theme::Dark,
        chosen => chosen,
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
        assert_eq!(theme(&c), Theme::Dark);
        c.theme = Theme::Light;
        assert_eq!(theme(&c), Theme::Light);
        c.kiosk = false;
        c.theme = Theme::Auto;
        assert_eq!(theme(&c), Theme::Auto);
    }
}
