//! Jobs in parallel, results in order: a sliding window over a stream of pages.
//!
//! `clean`, `diff`, `report` and `--jsonl` all do the same thing: take pages from a stream
//! that may be millions long, clean them on every thread, and hand each result over in the
//! order of the stream, so that the output is the same bytes whatever the thread count or
//! timing.
//!
//! Why a sliding window and not windows in lockstep (take 8 pages, clean them together, hand
//! them over, take the next 8): a lockstep window waits for its slowest page, so one large
//! page in a batch left the other cores idle, a whole serial stage of it at a time. Here a job
//! starts as soon as a thread is free, and only the number of jobs past the oldest result not
//! yet handed over is bounded (`ahead`). Memory is that bound times the largest result, plus a
//! page in work per thread, whatever the length of the stream.
//!
//! Why each job is a task of its own on rayon's pool, and not a loop per thread that waits
//! for room: a thread waiting inside a large page's parallel stage may run another task of the
//! pool meanwhile. A task that finishes by itself is harmless there; a loop that waited for the
//! large page to be handed over would wait on its own stack forever.
//!
//! Why a job source can say "none yet" ([`Jobs`]): a folder walk always has its next page at
//! hand, but a stream piped in by another process (`clean --jsonl`) may not. A driver that
//! writes a record and waits for its result before it writes the next (a worker answering
//! requests one by one) would wait forever on a run that waited for the next record before it
//! handed the last result over. So while results are in work, the window takes only the jobs
//! that are ready, and waits for a job only when nothing else is left to hand over.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, Ordering};

/// What a source of jobs has when [`ordered`] asks it for the next one.
#[derive(Debug, PartialEq, Eq)]
pub enum Next<J> {
    Job(J),
    /// No job is ready yet (only when asked not to wait).
    NotYet,
    /// No job will come.
    End,
}

/// A source of jobs. Any iterator is one, whose next job is always ready: asking it never
/// waits on another process. [`Piped`] is one fed by another thread, which may have none yet.
pub trait Jobs<J> {
    /// The next job; `wait`: block until there is one (or none will come) rather than answer
    /// [`Next::NotYet`].
    fn next_job(&mut self, wait: bool) -> Next<J>;
}

impl<J, I: Iterator<Item = J>> Jobs<J> for I {
    fn next_job(&mut self, _wait: bool) -> Next<J> {
        self.next().map_or(Next::End, Next::Job)
    }
}

/// Jobs read by a thread of their own from a stream that may block (a pipe from another
/// process), at most `bound` of them read ahead of the run.
pub struct Piped<J> {
    rx: std::sync::mpsc::Receiver<J>,
}

impl<J: Send + 'static> Piped<J> {
    /// Read `source` on a new thread. The thread is not joined: it may be blocked in a read
    /// when the run ends early (a closed output), and ends with the process or at the
    /// source's end.
    pub fn spawn(source: impl Iterator<Item = J> + Send + 'static, bound: usize) -> Self {
        let (tx, rx) = std::sync::mpsc::sync_channel(bound.max(1));
        std::thread::spawn(move || {
            for j in source {
                // (the receiver is gone only when the run has ended)
                if tx.send(j).is_err() {
                    break;
                }
            }
        });
        Piped { rx }
    }
}

impl<J> Jobs<J> for Piped<J> {
    fn next_job(&mut self, wait: bool) -> Next<J> {
        use std::sync::mpsc::TryRecvError;
        if wait {
            return self.rx.recv().map_or(Next::End, Next::Job);
        }
        match self.rx.try_recv() {
            Ok(j) => Next::Job(j),
            Err(TryRecvError::Empty) => Next::NotYet,
            Err(TryRecvError::Disconnected) => Next::End,
        }
    }
}

/// Run `work` on each job on rayon's pool, at most `ahead` jobs past the oldest result not yet
/// handed over, and hand each result to `take` in the order of `jobs`. `take` runs on the
/// calling thread and returns false to stop: jobs not yet started are then dropped, those
/// running finish first. A job that panics stops the run and the panic goes on from here.
/// While results are in work, only jobs that are ready are started ([`Jobs`]).
pub fn ordered<J: Send, T: Send>(mut jobs: impl Jobs<J>, ahead: usize, work: impl Fn(J) -> T + Sync, mut take: impl FnMut(T) -> bool) {
    let ahead = ahead.max(1);
    let (work, stop) = (&work, &AtomicBool::new(false));
    let mut ended = false;
    rayon::in_place_scope(|s| {
        let (tx, rx) = std::sync::mpsc::channel();
        // (the results from job number `next` on; `None` while the job runs)
        let mut done: VecDeque<Option<std::thread::Result<T>>> = VecDeque::new();
        let mut next = 0;
        loop {
            while done.len() < ahead && !ended {
                // (wait for a job only when no result is left to hand over)
                let job = match jobs.next_job(done.is_empty()) {
                    Next::Job(job) => job,
                    Next::NotYet => break,
                    Next::End => {
                        ended = true;
                        break;
                    }
                };
                let (tx, k) = (tx.clone(), next + done.len());
                s.spawn(move |_| {
                    if !stop.load(Ordering::Relaxed) {
                        // (the receiver is gone only when the run has stopped)
                        let _ = tx.send((k, catch_unwind(AssertUnwindSafe(|| work(job)))));
                    }
                });
                done.push_back(None);
            }
            if done.is_empty() {
                return;
            }
            let (k, r) = wait(&rx);
            done[k - next] = Some(r);
            while let Some(Some(_)) = done.front() {
                let Some(Some(r)) = done.pop_front() else { unreachable!() };
                next += 1;
                let go_on = match r {
                    Ok(t) => take(t),
                    Err(panic) => {
                        stop.store(true, Ordering::Relaxed);
                        resume_unwind(panic)
                    }
                };
                if !go_on {
                    stop.store(true, Ordering::Relaxed);
                    return;
                }
            }
        }
    });
}

/// The next result. The calling thread blocks, unless it is a thread of the pool (`ordered`
/// called inside `install`): then it runs the pool's tasks while it waits, as a pool of one
/// thread would otherwise never run the jobs.
fn wait<M>(rx: &std::sync::mpsc::Receiver<M>) -> M {
    if rayon::current_thread_index().is_none() {
        return rx.recv().expect("every job started sends its result");
    }
    loop {
        match rx.try_recv() {
            Ok(m) => return m,
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    std::thread::yield_now();
                }
            }
            Err(e) => panic!("every job started sends its result: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ordered;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
    }

    #[test]
    fn results_come_in_the_order_of_the_jobs_whatever_the_time_each_takes() {
        for (threads, ahead) in [(1, 1), (2, 3), (4, 64)] {
            let mut got = Vec::new();
            pool(threads).install(|| {
                ordered(
                    0..200u64,
                    ahead,
                    |k| {
                        // (the early jobs are the slow ones)
                        std::thread::sleep(std::time::Duration::from_micros(200u64.saturating_sub(k) * 5));
                        k * k
                    },
                    |r| {
                        got.push(r);
                        true
                    },
                )
            });
            assert_eq!(got, (0..200u64).map(|k| k * k).collect::<Vec<_>>(), "{threads} threads, {ahead} ahead");
        }
        // (and from a thread outside the pool, as the command line calls it)
        let mut got = Vec::new();
        ordered(
            0..200u64,
            8,
            |k| k + 1,
            |r| {
                got.push(r);
                true
            },
        );
        assert_eq!(got, (1..=200u64).collect::<Vec<_>>());
    }

    #[test]
    fn no_more_than_ahead_jobs_past_the_oldest_result_not_handed_over() {
        let started = AtomicUsize::new(0);
        let mut taken = 0;
        pool(4).install(|| {
            ordered(
                0..100usize,
                5,
                |k| {
                    let s = started.fetch_add(1, Ordering::SeqCst);
                    (k, s)
                },
                |(k, _)| {
                    // (job k is handed over: at most k + 5 jobs can have started)
                    assert!(started.load(Ordering::SeqCst) <= k + 5);
                    taken += 1;
                    true
                },
            )
        });
        assert_eq!(taken, 100);
    }

    /// A driver that sends the next job only once the last result is in its hands (job `k` is
    /// ready when `k` results have been taken), and that a run must never wait on first.
    struct Lockstep<'a> {
        next: usize,
        taken: &'a AtomicUsize,
    }

    impl super::Jobs<usize> for Lockstep<'_> {
        fn next_job(&mut self, wait: bool) -> super::Next<usize> {
            if self.next == 20 {
                return super::Next::End;
            }
            if self.taken.load(Ordering::SeqCst) < self.next {
                assert!(!wait, "the run waits for job {} with result {} not handed over", self.next, self.next - 1);
                return super::Next::NotYet;
            }
            self.next += 1;
            super::Next::Job(self.next - 1)
        }
    }

    #[test]
    fn a_job_that_waits_for_the_last_result_gets_it_first() {
        for threads in [1, 2] {
            let taken = AtomicUsize::new(0);
            let mut got = Vec::new();
            pool(threads).install(|| {
                ordered(
                    Lockstep { next: 0, taken: &taken },
                    8,
                    |k| k * 2,
                    |r| {
                        got.push(r);
                        taken.fetch_add(1, Ordering::SeqCst);
                        true
                    },
                )
            });
            assert_eq!(got, (0..20).map(|k| k * 2).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    #[test]
    fn piped_jobs_come_in_order_and_end() {
        let mut p = super::Piped::spawn(0..1000usize, 4);
        let mut got = Vec::new();
        loop {
            match super::Jobs::next_job(&mut p, got.len() % 2 == 0) {
                super::Next::Job(k) => got.push(k),
                super::Next::NotYet => std::thread::yield_now(),
                super::Next::End => break,
            }
        }
        assert_eq!(got, (0..1000).collect::<Vec<_>>());
    }

    #[test]
    fn a_stop_drops_the_jobs_not_started() {
        let ran = AtomicUsize::new(0);
        let mut seen = Vec::new();
        pool(2).install(|| {
            ordered(
                0..10_000usize,
                8,
                |k| {
                    ran.fetch_add(1, Ordering::SeqCst);
                    k
                },
                |k| {
                    seen.push(k);
                    k < 3
                },
            )
        });
        assert_eq!(seen, vec![0, 1, 2, 3]);
        assert!(ran.load(Ordering::SeqCst) <= 4 + 8, "{} jobs ran", ran.load(Ordering::SeqCst));
    }

    #[test]
    fn a_panic_in_a_job_reaches_the_caller() {
        let r = std::panic::catch_unwind(|| pool(2).install(|| ordered(0..50usize, 4, |k| if k == 17 { panic!("page 17") } else { k }, |_| true)));
        assert!(r.is_err());
    }
}
