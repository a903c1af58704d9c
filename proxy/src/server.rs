//! The accept loop. Written on hyper directly rather than `axum::serve` for two
//! reasons: the `reset` fault must be able to abort the TCP connection a request
//! came on, which only the code that owns the connection can do; and every
//! connection is held to [`ServerLimits`], so slow or idle clients cannot pile up.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use tower::ServiceExt;

use crate::error::ApiError;

/// Time limits and the connection cap. A zero duration turns that limit off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// Longest a client may take to send a request's headers, counted from when the
    /// server starts waiting for them (so also the longest idle keep-alive pause
    /// between HTTP/1 requests).
    pub header_read_timeout: Duration,
    /// A connection on which no byte moves either way for this long, while no
    /// request is being handled, is closed (before its first request, HTTP/2, a
    /// client that stopped reading its answer).
    pub idle_timeout: Duration,
    /// Longest a request may take from its headers to its response's headers; then
    /// it is answered 503.
    pub request_timeout: Duration,
    /// Connections open at once; further clients wait in the listen backlog.
    pub max_connections: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(20),
            request_timeout: Duration::from_secs(60),
            max_connections: 4096,
        }
    }
}

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

/// Serves `app` on `listener` with the default [`ServerLimits`] until `shutdown`
/// completes, then lets requests in flight finish (for at most [`DRAIN_TIMEOUT`]).
pub async fn serve(listener: TcpListener, app: Router, shutdown: impl Future<Output = ()>) {
    serve_with(listener, app, ServerLimits::default(), shutdown).await;
}

/// [`serve`] with the given limits.
pub async fn serve_with(listener: TcpListener, app: Router, limits: ServerLimits, shutdown: impl Future<Output = ()>) {
    let graceful = GracefulShutdown::new();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(nonzero(limits.header_read_timeout));
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    tokio::pin!(shutdown);
    loop {
        // Beyond the cap, clients wait in the kernel's backlog rather than costing a
        // task and a buffer each.
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
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
        spawn_connection(stream, peer, app.clone(), &builder, &graceful, limits, permit);
    }
    drop(listener);
    tracing::info!("shutting down: finishing requests in flight");
    if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still in flight after {DRAIN_TIMEOUT:?}; closing anyway");
    }
}

fn nonzero(limit: Duration) -> Option<Duration> {
    (!limit.is_zero()).then_some(limit)
}

fn spawn_connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    builder: &auto::Builder<TokioExecutor>,
    graceful: &GracefulShutdown,
    limits: ServerLimits,
    permit: OwnedSemaphorePermit,
) {
    if let Err(e) = stream.set_nodelay(true) {
        tracing::debug!(error = %e, "could not set TCP_NODELAY");
    }
    // A second handle on the socket, so the connection can be reset after hyper
    // has taken ownership of the stream.
    let socket = socket2::SockRef::from(&stream).try_clone();
    let abort = ConnectionAbort::default();
    let activity = Arc::new(Activity::new());
    let service = {
        let (abort, activity) = (abort.clone(), activity.clone());
        hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request.extensions_mut().insert(abort.clone());
            let handling = activity.handling();
            let response = app.clone().oneshot(request.map(axum::body::Body::new));
            async move {
                let _handling = handling;
                match nonzero(limits.request_timeout) {
                    None => response.await,
                    Some(limit) => {
                        if let Ok(response) = tokio::time::timeout(limit, response).await {
                            response
                        } else {
                            tracing::warn!(%peer, "a request took longer than the request time limit");
                            Ok(
                                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the request took too long")
                                    .into_response(),
                            )
                        }
                    }
                }
            }
        })
    };
    let io = Watched {
        inner: stream,
        activity: activity.clone(),
    };
    let connection = builder
        .serve_connection_with_upgrades(TokioIo::new(io), service)
        .into_owned();
    let connection = graceful.watch(connection);
    tokio::spawn(async move {
        let _permit = permit;
        tokio::select! {
            result = connection => {
                if let Err(e) = result {
                    tracing::debug!(%peer, error = %e, "connection ended with an error");
                }
            }
            () = activity.idle_for(limits.idle_timeout) => {
                tracing::debug!(%peer, "closed an idle connection");
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

/// When a connection last moved a byte, and how many of its requests are being handled.
struct Activity {
    started: Instant,
    /// Milliseconds after `started`.
    last: AtomicU64,
    handling: Arc<AtomicUsize>,
}

/// Counts one request as being handled until dropped.
struct Handling(Arc<AtomicUsize>);

impl Drop for Handling {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Activity {
    fn new() -> Self {
        Activity {
            started: Instant::now(),
            last: AtomicU64::new(0),
            handling: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn touch(&self) {
        let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(now, Ordering::Relaxed);
    }

    fn handling(&self) -> Handling {
        self.handling.fetch_add(1, Ordering::Relaxed);
        Handling(self.handling.clone())
    }

    /// Completes once nothing has moved for `limit` with no request being handled;
    /// never when `limit` is zero.
    async fn idle_for(&self, limit: Duration) {
        if limit.is_zero() {
            return std::future::pending().await;
        }
        loop {
            let last = self.started + Duration::from_millis(self.last.load(Ordering::Relaxed));
            let deadline = last + limit;
            if Instant::now() >= deadline && self.handling.load(Ordering::Relaxed) == 0 {
                return;
            }
            // While a request is handled, look again a limit later: the request time
            // limit, not this one, bounds it.
            tokio::time::sleep_until(deadline.max(Instant::now() + limit / 4)).await;
        }
    }
}

/// The TCP stream, noting every byte read or written in its [`Activity`].
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
