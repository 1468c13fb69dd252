//! What `accolade build` shows while it works: a progress bar on a terminal,
//! drawn only once the build has taken a second (a quick build just prints its
//! summary, and CI logs and tests never see a bar), and the phase timings
//! that `--verbose` prints at the end.

use accolade::{Phase, Progress};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a build runs before the bar appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);

pub struct BuildProgress {
    bar: ProgressBar,
    /// Set when the build is over, so a late timer draws nothing.
    finished: Arc<Mutex<bool>>,
    /// Each phase with its step count and when it began.
    phases: Mutex<Vec<(Phase, usize, Instant)>>,
}

impl BuildProgress {
    /// A bar that appears after `SHOW_AFTER` when `draw` and stderr is a terminal.
    pub fn new(draw: bool) -> BuildProgress {
        let bar = ProgressBar::hidden();
        let finished = Arc::new(Mutex::new(false));
        if draw && std::io::stderr().is_terminal() {
            let (bar, finished) = (bar.clone(), finished.clone());
            std::thread::spawn(move || {
                std::thread::sleep(SHOW_AFTER);
                let finished = finished.lock().unwrap_or_else(|e| e.into_inner());
                if !*finished {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(100));
                }
            });
        }
        BuildProgress { bar, finished, phases: Mutex::new(Vec::new()) }
    }

    /// Removes the bar; returns each phase with its step count and duration.
    pub fn finish(&self) -> Vec<(Phase, usize, Duration)> {
        let mut finished = self.finished.lock().unwrap_or_else(|e| e.into_inner());
        *finished = true;
        self.bar.finish_and_clear();
        let now = Instant::now();
        let phases = self.phases.lock().unwrap_or_else(|e| e.into_inner());
        phases
            .iter()
            .enumerate()
            .map(|(i, &(phase, total, start))| {
                let end = phases.get(i + 1).map_or(now, |next| next.2);
                (phase, total, end - start)
            })
            .collect()
    }
}

impl Progress for BuildProgress {
    fn phase(&self, phase: Phase, total: usize) {
        self.phases.lock().unwrap_or_else(|e| e.into_inner()).push((phase, total, Instant::now()));
        let template = if total > 0 {
            "{spinner} {msg} [{bar:30}] {pos}/{len} awards ({elapsed})"
        } else {
            "{spinner} {msg} ({elapsed})"
        };
        let style = ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner());
        self.bar.set_style(style.progress_chars("=> "));
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        self.bar.set_message(phase.label());
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }
}
