//! `accords serve`: a read-only JSON API and a search page over one index,
//! for people who would rather use a browser than a terminal.
//!
//! This module owns HTTP: routes, parameters, status codes, headers, the
//! embedded page, and the life of the server (binding, reloading the index
//! when another process commits to it, shutting down on a signal). What a
//! search means, and how results are written, stay in the library: every
//! route calls the engine and serialises what it returns, and `/api/export`
//! writes through [`crate::export`] so the files match the command line's.
//!
//! Searches are CPU work on the blocking pool, at most one per core at a
//! time, so a slow query delays other searches but never the server's own
//! I/O. The page and the API share one `Arc<Engine>`.

mod assets;
pub mod error;
pub mod params;
mod routes;
mod similar;

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::engine::Engine;
use error::ApiError;

/// The largest request body accepted (a search request is a few hundred
/// bytes).
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// How long one request may take, reading its body included, unless
/// `--timeout` says otherwise.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How often the server looks for commits made by another process.
pub const RELOAD_EVERY: Duration = Duration::from_millis(500);

/// The page may run only its own script and style.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// What `accords serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The index folder.
    pub dir: PathBuf,
    /// The folder whose `seeds/` a first run builds the index from; `None`
    /// when the index must exist already (it was named with `--index`).
    pub build_root: Option<PathBuf>,
    pub addr: SocketAddr,
    /// How long one request may take, reading its body included.
    pub timeout: Duration,
}

/// The engine, or why there is none yet.
pub struct AppState {
    engine: RwLock<Result<Arc<Engine>, String>>,
    dir: PathBuf,
    /// One permit per core: searches beyond that wait their turn.
    workers: Semaphore,
}

impl AppState {
    pub fn new(dir: &Path, engine: Result<Engine, String>) -> AppState {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        AppState {
            engine: RwLock::new(engine.map(Arc::new)),
            dir: dir.to_path_buf(),
            workers: Semaphore::new(workers),
        }
    }

    /// The engine, or a 503 saying why the index cannot be used.
    pub fn engine(&self) -> Result<Arc<Engine>, ApiError> {
        match &*self.engine.read().unwrap_or_else(|e| e.into_inner()) {
            Ok(engine) => Ok(engine.clone()),
            Err(why) => Err(ApiError::unavailable(format!(
                "the index in {} cannot be used: {why}",
                self.dir.display()
            ))),
        }
    }

    /// Runs `work` on the engine on the blocking pool, one search per core
    /// at a time.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> crate::Result<T> + Send + 'static,
    {
        let engine = self.engine()?;
        let _permit = self
            .workers
            .acquire()
            .await
            .map_err(|_| ApiError::unavailable("the server is shutting down"))?;
        tokio::task::spawn_blocking(move || work(&engine))
            .await
            .map_err(|e| ApiError::internal(format!("a search failed: {e}")))?
            .map_err(ApiError::from)
    }

    /// Picks up commits made by another process, or opens the index if it
    /// could not be opened before.
    fn refresh(&self) {
        let current = self
            .engine
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        match current {
            Ok(engine) => {
                if let Err(e) = engine.reload() {
                    tracing::warn!("cannot reload the index: {e}");
                }
            }
            Err(_) => {
                let opened = Engine::open(&self.dir).map_err(|e| e.to_string());
                if opened.is_ok() {
                    tracing::info!("the index in {} can now be used", self.dir.display());
                }
                *self.engine.write().unwrap_or_else(|e| e.into_inner()) = opened.map(Arc::new);
            }
        }
    }
}

/// Every route, with the layers that bound each request and label each
/// response.
pub fn router(state: Arc<AppState>, timeout: Duration) -> Router {
    let nosniff = SetResponseHeaderLayer::overriding(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let csp = SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    let referrer = SetResponseHeaderLayer::overriding(
        HeaderName::from_static("referrer-policy"),
        HeaderValue::from_static("no-referrer"),
    );
    routes::routes()
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // Refuses a body whose declared length is over the limit before
        // reading any of it; DefaultBodyLimit catches one that grows past
        // it while streaming.
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(middleware::from_fn(json_errors))
        .layer(CompressionLayer::new())
        .layer(nosniff)
        .layer(csp)
        .layer(referrer)
        .layer(TraceLayer::new_for_http())
}

/// Gives every error response the API's JSON body, including those that a
/// layer or the router answered with plain text or nothing: its text, when
/// there is some, becomes the message.
async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let mut error = error::for_status(status);
    if status != StatusCode::PAYLOAD_TOO_LARGE {
        let bytes = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes).trim().to_string();
        if !text.is_empty() {
            error.message = text;
        }
    }
    let mut response = axum::response::IntoResponse::into_response(error);
    if status == StatusCode::REQUEST_TIMEOUT {
        // The client may still be sending: do not wait for the rest.
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Opens the index, binds the address, prints the URL and serves until
/// SIGINT or SIGTERM; requests in flight finish first.
pub fn run(config: &ServeConfig, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(config, out, err))
}

async fn serve(
    config: &ServeConfig,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.addr))?;
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() {
        writeln!(
            err,
            "accords: warning: listening on {addr}, not on loopback: anyone who can reach this \
             machine can read the index through the API"
        )?;
    }
    let (dir, root) = (config.dir.clone(), config.build_root.clone());
    let opened = tokio::task::spawn_blocking(move || match root {
        Some(root) => Engine::open_or_build(&dir, &root),
        None => Engine::open_refreshed(&dir),
    })
    .await?;
    let engine = match opened {
        Ok((engine, notices)) => {
            for notice in notices {
                writeln!(err, "accords: {notice}")?;
            }
            Ok(engine)
        }
        Err(e) => {
            writeln!(
                err,
                "accords: the index in {} cannot be used yet ({e}); the API answers 503 until it can",
                config.dir.display()
            )?;
            Err(e.to_string())
        }
    };
    let state = Arc::new(AppState::new(&config.dir, engine));
    writeln!(out, "accords: serving http://{addr}/ (Ctrl-C stops)")?;
    out.flush()?;

    let reloader = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(RELOAD_EVERY);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                let state = state.clone();
                let _ = tokio::task::spawn_blocking(move || state.refresh()).await;
            }
        })
    };
    axum::serve(listener, router(state, config.timeout))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    reloader.abort();
    writeln!(err, "accords: stopped")?;
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// Installs a log of requests on stderr, at the level `ACCORDS_LOG` names
/// (`warn` unless set; `info` shows every request).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ACCORDS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// The body of a streamed response.
pub(crate) fn stream_body(receiver: tokio::sync::mpsc::Receiver<bytes::Bytes>) -> Body {
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver
            .recv()
            .await
            .map(|chunk| (Ok::<_, std::io::Error>(chunk), receiver))
    });
    Body::from_stream(stream)
}
