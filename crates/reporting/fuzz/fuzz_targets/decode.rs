//! Any bytes given to the decoders, the tzOffset parser or the endpoint catalogue
//! must produce a value or an error, never a panic; and the decoders' fast path
//! must agree with the careful one.
#![no_main]

use floorview_reporting::{decode, Endpoint, Query, TzOffset};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = decode::team_activity(text);
    let _ = decode::user_activity(text);
    let _ = decode::channel_activity(text);
    let _ = decode::list_activity(text);
    let _ = decode::presence_users(text);
    let _ = decode::error_message(text);
    // The fast reader of the per-agent bodies must read what the careful path reads.
    decode::assert_paths_agree(text);
    if let Ok(tz) = text.parse::<TzOffset>() {
        // What was accepted must read back as itself.
        assert_eq!(tz.to_string().parse::<TzOffset>().ok(), Some(tz));
    }
    let _ = Endpoint::parse_path(text);
    let (org, value) = text.split_once('|').unwrap_or((text, ""));
    for endpoint in Endpoint::ALL {
        for spec in endpoint.params() {
            if let Ok(query) = Query::new(endpoint, org, [(spec.name, value)]) {
                let _ = query.path_and_query();
            }
        }
    }
});
