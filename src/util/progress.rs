//! How a long operation tells its caller how far it is, without printing:
//! the library calls a `Progress`, the command decides whether to draw a bar.

/// The steps of a build, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Reading the configuration and every JSON file of the site folder.
    Reading,
    /// Linking and checking what was read.
    Checking,
    /// Rendering the pages and hosted files (counted in awards).
    Rendering,
    /// The site-wide files, then moving the finished output into place.
    Writing,
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::Reading => "reading",
            Phase::Checking => "checking",
            Phase::Rendering => "rendering pages",
            Phase::Writing => "writing",
        }
    }
}

/// Receives a build's progress. Called from rayon workers, so `Sync`;
/// `advance` is called once per award and must stay cheap.
pub trait Progress: Sync {
    /// `phase` begins; it has `total` steps, or 0 when they are not counted.
    fn phase(&self, _phase: Phase, _total: usize) {}
    /// `n` more steps of the current phase are done.
    fn advance(&self, _n: u64) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}
