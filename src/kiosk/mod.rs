//! Kiosk mode, the pure half: the playlist and its rotation, the burn-in pixel
//! shift, the daily reload at a quiet time, the OFFLINE / STALE banner, spotting a
//! new deployment and which data rests while no page shows it. The browser glue is
//! in `web::kiosk` and `web::poller`.

pub mod banner;
pub mod burn_in;
pub mod demand;
pub mod deployment;
pub mod playlist;
pub mod quiet_time;
pub mod rotation;
