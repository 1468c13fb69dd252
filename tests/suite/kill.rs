//! A build killed at a random moment leaves the previous output intact.
//!
//! The example site is built into one output folder 50 times in a row, each
//! build over the previous one's output, going at random between three
//! versions of the site (A and B differ in the title on every page, so a
//! rebuild rewrites every page; C is A with one award changed, so a rebuild
//! keeps most files by linking them from the previous output) or building
//! the same version again (a rebuild with nothing changed, which is
//! skipped). Each build is killed with SIGKILL after a
//! random delay between 0 and 1.1 times the length of a whole build (the
//! last one measured: the other integration tests run beside this one in the
//! same binary, so a build gets slower and faster as they start and finish;
//! a build that finishes first gives the new length). After
//! every kill the output folder must be exactly one complete site, A or B,
//! byte for byte: the previous one when the build was killed before it
//! finished, the new one when it finished first. Set ACCOLADE_KILL_SEED to
//! replay a run; ACCOLADE_KILL_ROUNDS to run more rounds.

use crate::common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A fixed build time (2026-11-29), so two builds of one site are identical.
const EPOCH: &str = "1795600000";

fn accolade(site: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_accolade"));
    cmd.arg("build").arg(site).arg("--output").arg(out).env("SOURCE_DATE_EPOCH", EPOCH);
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    cmd
}

/// The versions of the site: a title, and whether one award is changed.
const VERSIONS: [(&str, bool); 3] = [("Version A", false), ("Version B", false), ("Version A", true)];
const AWARD: &str = "assertions/zoe-muller-m1.json";

fn set_version(site: &Path, (title, award_changed): (&str, bool)) {
    set_title(site, title);
    let path = site.join(AWARD);
    let text = std::fs::read_to_string(&path).unwrap();
    let (from, to) = if award_changed { ("*97%*", "*98%*") } else { ("*98%*", "*97%*") };
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

fn set_title(site: &Path, title: &str) {
    let path = site.join("accolade.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("\ntitle = ").unwrap() + 1;
    let end = start + text[start..].find('\n').unwrap();
    std::fs::write(&path, format!("{}title = \"{title}\"{}", &text[..start], &text[end..])).unwrap();
}

/// xorshift64*: enough randomness for kill points, and replayable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn killed_builds_leave_the_previous_output_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    let out = tmp.path().join("public");

    // The three complete sites the output may hold, built once each.
    let mut complete = Vec::new();
    let mut build_time = Duration::ZERO;
    for (index, version) in VERSIONS.into_iter().enumerate() {
        set_version(&site, version);
        let reference = tmp.path().join(format!("reference-{index}"));
        let started = Instant::now();
        assert!(accolade(&site, &reference).status().unwrap().success());
        build_time = build_time.max(started.elapsed());
        complete.push(snapshot(&reference));
        std::fs::remove_dir_all(&reference).unwrap();
        std::fs::remove_file(tmp.path().join(format!(".reference-{index}.accolade-build"))).unwrap();
    }
    assert!(complete[0] != complete[1] && complete[1] != complete[2] && complete[0] != complete[2]);
    set_version(&site, VERSIONS[0]);
    assert!(accolade(&site, &out).status().unwrap().success());
    let mut current = 0;

    let seed = std::env::var("ACCOLADE_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    }) | 1;
    let rounds: usize = std::env::var("ACCOLADE_KILL_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(50);
    let mut rng = Rng(seed);
    let first_build_time = build_time;
    let (mut killed, mut finished) = (0, 0);
    for round in 0..rounds {
        // One round in four builds the same version again.
        let next = match rng.next() % 4 {
            0 => current,
            step => (current + step as usize % 2 + 1) % VERSIONS.len(),
        };
        set_version(&site, VERSIONS[next]);
        let window = build_time.mul_f64(1.1);
        let delay = window.mul_f64((rng.next() % 10_000) as f64 / 10_000.0);
        let mut child = accolade(&site, &out).spawn().unwrap();
        let started = Instant::now();
        // Wait for the kill point, noting when the build finishes if it does
        // so first.
        let mut finished_after = None;
        while finished_after.is_none() && started.elapsed() < delay {
            std::thread::sleep(delay.saturating_sub(started.elapsed()).min(Duration::from_millis(5)));
            if child.try_wait().unwrap().is_some() {
                finished_after = Some(started.elapsed());
            }
        }
        let was_running = child.try_wait().unwrap().is_none();
        child.kill().unwrap();
        let status = child.wait().unwrap();
        // Follow the length of a build as the load beside this test changes:
        // a finished build measured it, a killed one ran at least this long.
        // A skipped rebuild says nothing of a build's length.
        if was_running {
            build_time = build_time.max(delay);
        } else if next != current {
            build_time = finished_after.unwrap_or(delay);
        }
        let now = snapshot(&out);
        let holds = complete.iter().position(|c| *c == now);
        assert!(
            holds.is_some(),
            "round {round} (seed {seed}, killed after {delay:?}): the output is neither complete site ({} files)",
            now.len()
        );
        if was_running {
            killed += 1;
        } else {
            finished += 1;
            assert!(status.success(), "round {round}: the build failed on its own");
            assert_eq!(holds, Some(next), "round {round}: a finished build left the old site");
        }
        current = holds.unwrap();
    }
    println!(
        "seed {seed}: {rounds} rounds, {killed} builds killed while running, {finished} finished first; build time {first_build_time:?} at the start, {build_time:?} at the end"
    );
    assert!(killed * 3 >= rounds, "too few builds were killed while running ({killed} of {rounds})");

    // The next build finishes and clears what the killed ones left beside
    // the output; nothing else was ever written next to it but the build
    // record.
    assert!(accolade(&site, &out).status().unwrap().success());
    let beside: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut beside = beside;
    beside.sort();
    assert_eq!(beside, [".public.accolade-build", "public", "site"]);
}
