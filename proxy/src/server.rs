//! The accept loop. Written on hyper directly rather than `axum::serve` for one
//! reason: the `reset` fault must be able to abort the TCP connection a request
//! came on, which only the code that owns the connection can do.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tower::ServiceExt;

/// How long in-flight requests may finish after a shutdown signal. Hung requests
/// (the `hang` fault) never finish, so shutdown must not wait for them forever.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(3);

/// A handle, in each request's extensions, that drops the connection the request
/// came on with a TCP reset instead of a response.
#[derive(Clone, Default)]
pub struct ConnectionAbort(Arc<Notify>);

impl ConnectionAbort {
    /// Asks the connection's task to reset the connection.
    pub fn trigger(&self) {
        self.0.notify_one();
    }

    async fn triggered(&self) {
        self.0.notified().await;
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets requests in
/// flight finish (for at most [`DRAIN_TIMEOUT`]).
pub async fn serve(listener: TcpListener, app: Router, shutdown: impl Future<Output = ()>) {
    let graceful = GracefulShutdown::new();
    let builder = auto::Builder::new(TokioExecutor::new());
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Usually out of file descriptors: wait rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        spawn_connection(stream, peer, app.clone(), &builder, &graceful);
    }
    drop(listener);
    tracing::info!("shutting down: finishing requests in flight");
    if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still in flight after {DRAIN_TIMEOUT:?}; closing anyway");
    }
}

fn spawn_connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    builder: &auto::Builder<TokioExecutor>,
    graceful: &GracefulShutdown,
) {
    if let Err(e) = stream.set_nodelay(true) {
        tracing::debug!(error = %e, "could not set TCP_NODELAY");
    }
    // A second handle on the socket, so the connection can be reset after hyper
    // has taken ownership of the stream.
    let socket = socket2::SockRef::from(&stream).try_clone();
    let abort = ConnectionAbort::default();
    let service = {
        let abort = abort.clone();
        hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request.extensions_mut().insert(abort.clone());
            app.clone().oneshot(request.map(axum::body::Body::new))
        })
    };
    let connection = builder
        .serve_connection_with_upgrades(TokioIo::new(stream), service)
        .into_owned();
    let connection = graceful.watch(connection);
    tokio::spawn(async move {
        tokio::select! {
            result = connection => {
                if let Err(e) = result {
                    tracing::debug!(%peer, error = %e, "connection ended with an error");
                }
            }
            () = abort.triggered() => {
                match socket {
                    // Linger 0 makes the close send RST rather than FIN.
                    Ok(socket) => {
                        if let Err(e) = socket.set_linger(Some(Duration::ZERO)) {
                            tracing::warn!(error = %e, "could not arm the reset");
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "no second handle on the socket; closing instead of resetting"),
                }
                tracing::debug!(%peer, "connection reset by fault");
            }
        }
    });
}
