//! The log as text, for tests that look at what the server logs. The
//! subscriber is per thread, while tracing caches per call site for the whole
//! process: a test that captures the log is a test binary of its own.

use std::io::Write;
use std::sync::{Arc, Mutex};

use tracing::subscriber::DefaultGuard;
use tracing_subscriber::util::SubscriberInitExt;

/// Everything logged on this thread while the guard of [`capture`] lives.
#[derive(Clone, Default)]
pub struct LogSink(Arc<Mutex<Vec<u8>>>);

impl LogSink {
    /// The text logged since the last call, taken out of the sink.
    pub fn take(&self) -> String {
        String::from_utf8(std::mem::take(&mut *self.0.lock().unwrap())).unwrap()
    }
}

impl Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Logs everything (down to `TRACE`, no colours) on this thread into the
/// returned sink until the guard is dropped.
pub fn capture() -> (LogSink, DefaultGuard) {
    let sink = LogSink::default();
    let writer = sink.clone();
    let guard = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .set_default();
    (sink, guard)
}
