//! Any request path and query the proxy accepts must map to a URL on the
//! configured host for its organisation, with the endpoint's own path and only
//! the endpoint's declared parameters: never another host, scheme, credentials,
//! fragment or a parameter the client made up (no open proxy), and never a panic.
#![no_main]

use floorview_proxy::upstream::config::UpstreamConfig;
use floorview_proxy::upstream::forward::upstream_url;
use floorview_reporting::endpoint::{PATH_PREFIX, PATH_REPORTING};
use floorview_reporting::{Endpoint, Query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (path, raw_query) = text.split_once('?').unwrap_or((text, ""));
    // What the router and the handler do with a request, in the same order.
    let Some((org, endpoint)) = Endpoint::parse_path(path) else { return };
    let config = UpstreamConfig {
        organizations: vec![org.clone()],
        token_url: "https://token.example.com/token".into(),
        ..UpstreamConfig::default()
    };
    if config.validate().is_err() {
        return;
    }
    let params = form_urlencoded::parse(raw_query.as_bytes());
    let Ok(query) = Query::new(endpoint, &org, params) else { return };
    let url = upstream_url(&config, &query).expect("a validated query always maps");
    assert_eq!(url.scheme(), "https");
    assert_eq!(url.host_str(), Some(format!("{org}.via.aspect-cloud.net").as_str()));
    assert_eq!(url.port(), None);
    assert!(url.username().is_empty() && url.password().is_none() && url.fragment().is_none());
    assert_eq!(
        url.path(),
        format!("{PATH_PREFIX}{org}{PATH_REPORTING}{}", endpoint.path_suffix())
    );
    let declared: Vec<&str> = endpoint.params().iter().map(|p| p.name).collect();
    let mut seen = Vec::new();
    for (name, _) in url.query_pairs() {
        assert!(declared.contains(&name.as_ref()), "{name} is not a parameter of {endpoint}");
        assert!(!seen.contains(&name), "{name} twice");
        seen.push(name);
    }
});
