//! Workspace checks off the main loop: each check runs on its own thread over a snapshot
//! of its unit's inputs and sends its [`CheckDone`] back on a channel the main loop
//! selects on. Which results still matter is the session's business, by generation.

use std::thread;

use crossbeam_channel::{Receiver, Sender};

use crate::CheckHook;
use crate::analysis::{Analysis, CheckInput};
use crate::workspace::UnitId;

/// One check to run: a unit's inputs as they were at `generation`.
#[derive(Debug)]
pub struct CheckJob {
    /// The unit checked.
    pub unit: UnitId,
    /// The unit's generation when the inputs were copied.
    pub generation: u64,
    /// The inputs.
    pub input: CheckInput,
}

/// A finished check.
#[derive(Debug)]
pub struct CheckDone {
    /// The unit checked.
    pub unit: UnitId,
    /// The generation of the inputs checked.
    pub generation: u64,
    /// The result.
    pub analysis: Analysis,
}

/// Starts checks on threads and collects their results.
#[derive(Debug)]
pub struct Checker {
    done_sender: Sender<CheckDone>,
    done_receiver: Receiver<CheckDone>,
    hook: Option<CheckHook>,
}

impl Checker {
    /// A checker; `hook`, when given, holds every check until the test releases it.
    pub fn new(hook: Option<CheckHook>) -> Self {
        let (done_sender, done_receiver) = crossbeam_channel::unbounded();
        Self {
            done_sender,
            done_receiver,
            hook,
        }
    }

    /// The channel finished checks arrive on.
    pub fn results(&self) -> Receiver<CheckDone> {
        self.done_receiver.clone()
    }

    /// Runs `job` on a new thread, or on this one when no thread can be started.
    pub fn start(&self, job: CheckJob) {
        // The job travels through a channel so that it is not lost with the closure
        // when the thread cannot be spawned.
        let (job_sender, job_receiver) = crossbeam_channel::bounded(1);
        if job_sender.send(job).is_err() {
            return;
        }
        let worker = Worker {
            jobs: job_receiver.clone(),
            done: self.done_sender.clone(),
            hook: self.hook.clone(),
        };
        let spawned = thread::Builder::new()
            .name("stowaway-check".to_string())
            .spawn(move || worker.run());
        if let Err(error) = spawned {
            tracing::warn!(%error, "no thread for the check; checking on the main loop");
            let inline = Worker {
                jobs: job_receiver,
                done: self.done_sender.clone(),
                hook: None,
            };
            inline.run();
        }
    }
}

/// What a check thread holds.
struct Worker {
    jobs: Receiver<CheckJob>,
    done: Sender<CheckDone>,
    hook: Option<CheckHook>,
}

impl Worker {
    /// Checks the waiting job and sends the result; a closed channel means the server ended.
    fn run(self) {
        let Ok(job) = self.jobs.try_recv() else {
            return;
        };
        if let Some(hook) = &self.hook {
            hook.hold();
        }
        let files = job.input.unit.keys.len();
        let analysis = Analysis::check(job.input);
        tracing::debug!(
            unit = job.unit.0,
            generation = job.generation,
            files,
            "checked"
        );
        let done = CheckDone {
            unit: job.unit,
            generation: job.generation,
            analysis,
        };
        if self.done.send(done).is_err() {
            tracing::debug!("check finished after the server ended");
        }
    }
}
