//! The one writer connection of a SQLite database.
//!
//! SQLite has one writer at a time. Writers on several connections would find
//! the lock taken and sleep in SQLite's busy handler (1, 2, 5, ... up to 100 ms
//! a time), so every write of this server goes to one task that owns one
//! connection: writes wait in its queue instead, in order.
//!
//! Group commit: the task takes every write that is waiting (up to
//! [`MAX_BATCH`]), runs them one after the other in one `BEGIN IMMEDIATE`
//! transaction and commits once, so they share one `fsync`. Only then does
//! any of them get its answer: an acknowledged write is a committed one
//! (`synchronous = FULL`), and no answer depends on a write that could still
//! be rolled back. A write sees the writes before it in the batch, as it
//! would had they been committed one by one, so compare-and-set checks work
//! as before. When a write fails (or the commit does), the whole batch is
//! rolled back and its writes run again one by one, each in a transaction of
//! its own, so one failing write does not take the others along. After any
//! failure the connection is closed and a fresh one opened for the next.
//!
//! The queue is bounded: when `capacity` writes are waiting, a further write
//! is refused at once with [`sqlx::Error::PoolTimedOut`] (503 `busy` for the
//! client, who retries) instead of piling up in memory.

use std::sync::Arc;

use sqlx::any::AnyConnectOptions;
use sqlx::{AnyConnection, Connection};
use tokio::sync::{mpsc, oneshot, Mutex};

use super::{connect_one, writer_gone, Backend, BoxFuture, Work, Written};

/// Most writes committed together.
const MAX_BATCH: usize = 64;

/// The handle to the writer task; the task stops when every handle is gone.
#[derive(Clone, Debug)]
pub(super) struct Writer {
    sender: mpsc::Sender<Message>,
}

enum Message {
    Write(Box<dyn Job>),
    Close(oneshot::Sender<()>),
}

/// A write waiting in the queue, with its arguments and the caller's answer.
trait Job: Send {
    /// Runs the work; true when its changes are to be committed.
    fn run<'c>(
        &'c mut self,
        conn: &'c mut AnyConnection,
    ) -> BoxFuture<'c, Result<bool, sqlx::Error>>;
    /// Answers the caller: the work's answer when `outcome` (the commit) is Ok.
    fn finish(self: Box<Self>, outcome: Result<(), sqlx::Error>);
}

struct Pending<A, T> {
    args: A,
    work: Work<A, T>,
    value: Option<T>,
    reply: oneshot::Sender<Result<T, sqlx::Error>>,
}

impl<A: Send + Sync + 'static, T: Send + 'static> Job for Pending<A, T> {
    fn run<'c>(
        &'c mut self,
        conn: &'c mut AnyConnection,
    ) -> BoxFuture<'c, Result<bool, sqlx::Error>> {
        Box::pin(async move {
            self.value = None;
            let Written { value, keep } = (self.work)(conn, &self.args).await?;
            self.value = Some(value);
            Ok(keep)
        })
    }

    fn finish(self: Box<Self>, outcome: Result<(), sqlx::Error>) {
        let answer = match (outcome, self.value) {
            (Ok(()), Some(value)) => Ok(value),
            (Err(error), _) => Err(error),
            (Ok(()), None) => Err(sqlx::Error::WorkerCrashed),
        };
        // The caller may be gone (its client hung up); the write stands anyway.
        let _ = self.reply.send(answer);
    }
}

impl Writer {
    /// Starts the writer task for the database of `options`, with room for
    /// `capacity` waiting writes; it connects on the first write.
    pub(super) fn start(options: AnyConnectOptions, capacity: usize) -> Self {
        let (sender, receiver) = mpsc::channel(capacity.max(1));
        tokio::spawn(supervise(options, receiver));
        Self { sender }
    }

    /// Queues a write and waits for its answer (see [`super::Db::write`]).
    pub(super) async fn write<A, T>(&self, args: A, work: Work<A, T>) -> Result<T, sqlx::Error>
    where
        A: Send + Sync + 'static,
        T: Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(Pending {
            args,
            work,
            value: None,
            reply,
        });
        self.sender
            .try_send(Message::Write(job))
            .map_err(|error| match error {
                mpsc::error::TrySendError::Full(_) => sqlx::Error::PoolTimedOut,
                mpsc::error::TrySendError::Closed(_) => sqlx::Error::PoolClosed,
            })?;
        answer.await.map_err(writer_gone)?
    }

    /// Writes what is queued, closes the connection and refuses later writes.
    pub(super) async fn close(&self) {
        let (done, closed) = oneshot::channel();
        if self.sender.send(Message::Close(done)).await.is_ok() {
            let _ = closed.await;
        }
    }
}

/// What the writer keeps between batches (and across a restart).
struct State {
    receiver: mpsc::Receiver<Message>,
    conn: Option<AnyConnection>,
    closed: bool,
}

/// Runs the writer, and runs it again should a write panic (the writes of that
/// batch get an error; nothing of them is committed).
async fn supervise(options: AnyConnectOptions, receiver: mpsc::Receiver<Message>) {
    let state = Arc::new(Mutex::new(State {
        receiver,
        conn: None,
        closed: false,
    }));
    let mut restarted = false;
    loop {
        match tokio::spawn(serve(options.clone(), state.clone(), restarted)).await {
            Err(error) if error.is_panic() => {
                tracing::error!("the database writer panicked; it starts again");
                restarted = true;
            }
            _ => return,
        }
    }
}

async fn serve(options: AnyConnectOptions, state: Arc<Mutex<State>>, restarted: bool) {
    let mut state = state.lock().await;
    let State {
        receiver,
        conn,
        closed,
    } = &mut *state;
    if restarted {
        // It may be inside the transaction of the batch that panicked.
        if let Some(conn) = conn.take() {
            let _ = conn.close().await;
        }
    }
    let mut batch: Vec<Box<dyn Job>> = Vec::new();
    while let Some(first) = receiver.recv().await {
        let mut close = None;
        let mut next = Some(first);
        while let Some(message) = next.take() {
            match message {
                Message::Write(job) => batch.push(job),
                Message::Close(done) => {
                    close = Some(done);
                    break;
                }
            }
            if batch.len() < MAX_BATCH {
                next = receiver.try_recv().ok();
            }
        }
        if *closed {
            for job in batch.drain(..) {
                job.finish(Err(sqlx::Error::PoolClosed));
            }
        } else if !batch.is_empty() {
            write_batch(&options, conn, &mut batch).await;
        }
        if let Some(done) = close {
            if let Some(conn) = conn.take() {
                let _ = conn.close().await;
            }
            *closed = true;
            let _ = done.send(());
        }
    }
}

/// Writes `batch` in one transaction (or, should that fail, one by one) and
/// answers every write in it.
async fn write_batch(
    options: &AnyConnectOptions,
    conn: &mut Option<AnyConnection>,
    batch: &mut Vec<Box<dyn Job>>,
) {
    match attempt(options, conn, batch).await {
        Ok(()) => {
            for job in batch.drain(..) {
                job.finish(Ok(()));
            }
        }
        Err(error) if batch.len() == 1 => {
            if let Some(job) = batch.pop() {
                job.finish(Err(error));
            }
        }
        Err(error) => {
            tracing::warn!(%error, writes = batch.len(), "a batch of writes failed; writing them one by one");
            for mut job in batch.drain(..) {
                let outcome = attempt(options, conn, std::slice::from_mut(&mut job)).await;
                job.finish(outcome);
            }
        }
    }
}

/// One transaction with `jobs`, on the writer connection (opened if needed).
/// After a failure the connection is closed: it may still be inside the
/// transaction.
async fn attempt(
    options: &AnyConnectOptions,
    slot: &mut Option<AnyConnection>,
    jobs: &mut [Box<dyn Job>],
) -> Result<(), sqlx::Error> {
    let conn = match slot {
        Some(conn) => conn,
        None => slot.insert(connect_one(options, Backend::Sqlite).await?),
    };
    let result = transact(conn, jobs).await;
    if result.is_err() {
        if let Some(conn) = slot.take() {
            let _ = conn.close().await;
        }
    }
    result
}

async fn transact(conn: &mut AnyConnection, jobs: &mut [Box<dyn Job>]) -> Result<(), sqlx::Error> {
    // IMMEDIATE: the write lock is taken at once, so no write in the batch has
    // to upgrade a read snapshot that another process could have made stale.
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    let mut keep = false;
    for job in jobs.iter_mut() {
        keep |= job.run(&mut tx).await?;
    }
    if keep {
        tx.commit().await
    } else {
        tx.rollback().await
    }
}
