//! Secrets never appear in logs or responses, whatever happens: tokens fetched and
//! refused, the token service failing, viewer keys right and wrong. Logs are
//! captured at TRACE, every crate included (hyper, reqwest, tower-http).

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod upstream_support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use floorview_proxy::upstream::secrets::ViewerKey;
use upstream_support::{start, API_KEY, CLIENT_ID, CLIENT_SECRET, VIEWER_KEY};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_reach_logs_or_responses() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let h = start(|_, secrets| secrets.viewer_keys = vec![ViewerKey::bare(VIEWER_KEY)]).await;
    let mut bodies = Vec::new();
    let get = |url: String, key: &'static str| {
        let request = h.http.get(url).bearer_auth(key);
        async move {
            let response = request.send().await.unwrap();
            let headers = format!("{:?}", response.headers());
            format!("{headers} {}", response.text().await.unwrap())
        }
    };
    bodies.push(get(h.team_url("t1"), VIEWER_KEY).await);
    bodies.push(get(h.team_url("t1"), "wrong-key").await);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    h.fake.set(|b| b.valid_tokens = vec!["tok-2".into()]);
    bodies.push(get(h.team_url("t2"), VIEWER_KEY).await);
    h.fake.set(|b| {
        b.valid_tokens = vec!["never".into()];
        b.token_status = 400;
    });
    bodies.push(get(h.team_url("t3"), VIEWER_KEY).await);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    bodies.push(get(h.team_url("t4"), VIEWER_KEY).await);
    bodies.push(get(h.url("/metrics"), VIEWER_KEY).await);

    assert!(h.fake.token_calls() >= 3, "the refresh and failure paths did not run");
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("fetched an access token"),
        "the capture saw nothing:\n{logs}"
    );
    let everything = format!("{logs}\n{}", bodies.join("\n"));
    for secret in [CLIENT_ID, CLIENT_SECRET, API_KEY, VIEWER_KEY, "tok-1", "tok-2"] {
        assert!(!everything.contains(secret), "{secret} leaked:\n{everything}");
    }
}
