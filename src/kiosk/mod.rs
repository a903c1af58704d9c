//! Kiosk mode, the pure half: the playlist and its rotation, the burn-in pixel
//! shift, the daily reload at a quiet time, the OFFLINE / STALE banner and spotting a
//! new deployment. The browser glue is in `web::kiosk`.

pub mod banner;
pub mod burn_in;
pub mod deployment;
pub mod playlist;
pub mod quiet_time;
pub mod rotation;
