//! Work spawned onto the tokio runtime, so the scan's CPU work (the SDK's
//! signing, serialisation and parsing of thousands of calls) runs on every
//! worker thread instead of the one thread polling the scan.
//!
//! A [`Spawned`] is aborted when it is dropped: a task past its deadline, a
//! cancelled scan or a dropped collection stop their calls, as they did when
//! the work was polled in place.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::task::JoinHandle;

/// A handle on spawned work: awaiting it gives the work's output; dropping
/// it aborts the work.
#[derive(Debug)]
pub(crate) struct Spawned<T>(JoinHandle<T>);

/// Spawns `work` onto the current runtime.
pub(crate) fn spawn<F>(work: F) -> Spawned<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    Spawned(tokio::spawn(work))
}

impl<T> Future for Spawned<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        match ready!(Pin::new(&mut self.0).poll(cx)) {
            Ok(output) => Poll::Ready(output),
            // A panic in the work is the panic it was before it was spawned.
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            // Only dropping the handle aborts the work, and then nobody
            // polls it; a runtime shutting down drops the scan as well.
            Err(e) => panic!("spawned scan work ended without an output: {e}"),
        }
    }
}

impl<T> Drop for Spawned<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    #[tokio::test]
    async fn gives_the_output_and_dropping_aborts_the_work() {
        assert_eq!(spawn(async { 7 }).await, 7);
        let finished = Arc::new(AtomicBool::new(false));
        let flag = finished.clone();
        let work = spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            flag.store(true, Ordering::SeqCst);
        });
        drop(work);
        tokio::time::sleep(Duration::from_millis(150)).await;
        assert!(!finished.load(Ordering::SeqCst), "aborted on drop");
    }
}
