//! The cache of per-award share images (`[per_award_files] share_cards`,
//! `.<output>.accolade-cache/` beside the output): a rebuild takes the
//! images from it instead of drawing them, the output is byte for byte what
//! a clean build gives whatever the cache holds, a damaged entry is drawn
//! again, builds racing on one cache and builds killed while writing it
//! leave it usable, and it keeps only what the last build used.

use crate::common::*;
use sha2::Digest;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A fixed build time (2026-11-29), for the byte-for-byte comparisons.
const EPOCH: &str = "1795600000";
const AWARD: &str = "assertions/zoe-muller-m1.json";

fn accolade(site: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_accolade"));
    cmd.arg("build").arg(site).arg("--output").arg(out).arg("--verbose").env("SOURCE_DATE_EPOCH", EPOCH);
    cmd
}

/// Runs a build to its end; returns (share images drawn, taken from the
/// cache, damaged entries), as `--verbose` reports them.
fn build(site: &Path, out: &Path) -> (usize, usize, usize) {
    let done = accolade(site, out).output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr).into_owned();
    assert!(done.status.success(), "{stderr}");
    let line = stderr.lines().find(|l| l.contains("share images:")).unwrap_or_else(|| panic!("{stderr}"));
    // "share images: N drawn, M from the cache <dir> (K damaged, drawn again)";
    // the folder's name may hold digits too, so each number is read next to its words.
    let number_before = |words: &str| -> usize {
        let head = line.split(words).next().unwrap_or_default();
        let digits: String = head.chars().rev().skip_while(|c| *c == ' ').take_while(char::is_ascii_digit).collect();
        digits.chars().rev().collect::<String>().parse().unwrap_or(0)
    };
    let damaged = if line.contains(" damaged") { number_before(" damaged") } else { 0 };
    (number_before(" drawn"), number_before(" from the cache"), damaged)
}

/// The example site with a share image per award.
fn site_with_cards(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    copy_tree(&example_site(), &site);
    let config = site.join("accolade.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(!text.contains("[per_award_files]"));
    std::fs::write(&config, format!("{text}\n[per_award_files]\nshare_cards = true\n")).unwrap();
    site
}

fn cache_of(out: &Path) -> PathBuf {
    accolade::layout::build_cache(out)
}

/// Forgets the last build, so that the next one runs instead of being skipped.
fn forget_build(out: &Path) {
    std::fs::remove_file(accolade::layout::build_record(out)).unwrap();
}

/// Every file in the cache, with its inode and modification time.
fn cache_files(cache: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    file_identities(cache)
}

/// Whether a cache file is a whole entry: its header names its key (its
/// path) and the SHA-256 of the rest, which is a PNG.
fn sound(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap();
    let Some(newline) = bytes.iter().position(|&b| b == b'\n') else { return false };
    let header = String::from_utf8_lossy(&bytes[..newline]).into_owned();
    let body = &bytes[newline + 1..];
    let digest: String = sha2::Sha256::digest(body).iter().map(|b| format!("{b:02x}")).collect();
    let parent = path.parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
    let key = format!("{parent}{}", path.file_name().unwrap().to_string_lossy());
    header == format!("accolade cache 1 {key} {digest}") && body.starts_with(b"\x89PNG")
}

fn card_files(snapshot: &BTreeMap<String, [u8; 32]>) -> usize {
    snapshot.keys().filter(|f| f.starts_with("assertions/") && f.ends_with("/card.png")).count()
}

#[test]
fn a_rebuild_takes_the_images_from_the_cache_and_gives_the_same_output() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_with_cards(tmp.path());
    let out = tmp.path().join("public");
    let (drawn, cached, _) = build(&site, &out);
    let first = snapshot(&out);
    let cards = card_files(&first);
    assert!(cards > 10, "{cards} share images");
    assert_eq!((drawn, cached), (cards, 0));
    let cache = cache_of(&out);
    let entries = cache_files(&cache);
    assert_eq!(entries.len(), cards);
    assert!(entries.keys().all(|f| sound(&cache.join(f))));
    assert!(!files(&out).iter().any(|f| f.contains("accolade-cache")), "the cache is not published");

    // A warm rebuild draws nothing, writes nothing into the cache and gives
    // the same output.
    forget_build(&out);
    assert_eq!(build(&site, &out), (0, cards, 0));
    assert_eq!(snapshot(&out), first);
    assert_eq!(cache_files(&cache), entries, "the cache was rewritten");
    // Which is a clean build's, made with an empty cache.
    let clean = tmp.path().join("clean");
    assert_eq!(build(&site, &clean), (cards, 0, 0));
    assert_eq!(snapshot(&clean), first);

    // A new earner name: one image drawn, and the cache keeps what this
    // build used, not the old image.
    let path = site.join(AWARD);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("\"Zoë Müller\"", "\"Zoë Müller-Lang\"")).unwrap();
    // (The other awards' files are taken from the previous output as they
    // are, images included: nothing else is drawn or read from the cache.)
    assert_eq!(build(&site, &out), (1, 0, 0));
    let after = cache_files(&cache);
    assert_eq!(after.len(), cards, "the old image was not pruned");
    assert_eq!(after.keys().filter(|f| !entries.contains_key(*f)).count(), 1);
    std::fs::remove_dir_all(&clean).unwrap();
    build(&site, &clean);
    assert_eq!(snapshot(&out), snapshot(&clean));

    // Without per-award images the cache goes.
    let config = site.join("accolade.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("share_cards = true", "share_cards = false")).unwrap();
    let done = accolade(&site, &out).output().unwrap();
    assert!(done.status.success());
    assert!(!cache.exists(), "an unused cache was left");
}

#[test]
fn a_damaged_cache_entry_is_drawn_again() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_with_cards(tmp.path());
    let out = tmp.path().join("public");
    let (cards, _, _) = build(&site, &out);
    let clean = snapshot(&out);
    let cache = cache_of(&out);
    let entries: Vec<PathBuf> = files(&cache).into_iter().map(|f| cache.join(f)).collect();
    // Cut short, one byte of the image changed (same length), emptied, and
    // replaced by another entry's bytes.
    let bytes = std::fs::read(&entries[0]).unwrap();
    std::fs::write(&entries[0], &bytes[..bytes.len() / 2]).unwrap();
    let mut flipped = std::fs::read(&entries[1]).unwrap();
    let last = flipped.len() - 100;
    flipped[last] ^= 0x55;
    std::fs::write(&entries[1], flipped).unwrap();
    std::fs::write(&entries[2], b"").unwrap();
    std::fs::copy(&entries[4], &entries[3]).unwrap();
    forget_build(&out);
    let (drawn, cached, damaged) = build(&site, &out);
    assert_eq!((drawn, damaged), (4, 4), "{cached} from the cache");
    assert_eq!(drawn + cached, cards);
    assert!(entries.iter().all(|e| sound(e)), "the damaged entries were not replaced");
    assert_eq!(snapshot(&out), clean);
    forget_build(&out);
    assert_eq!(build(&site, &out), (0, cards, 0));
}

#[test]
fn builds_racing_on_one_cache_give_correct_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_with_cards(tmp.path());
    let reference = tmp.path().join("reference");
    let (cards, _, _) = build(&site, &reference);
    let expected = snapshot(&reference);
    // Three outputs whose caches are one folder (the second and third
    // name the first's by a link), and two builds into the first output:
    // five builds drawing and storing the same images at once, into an
    // empty cache.
    let outs: Vec<PathBuf> = ["a", "b", "c"].iter().map(|n| tmp.path().join(n)).collect();
    let shared = cache_of(&outs[0]);
    std::fs::create_dir(&shared).unwrap();
    for out in &outs[1..] {
        std::os::unix::fs::symlink(&shared, cache_of(out)).unwrap();
    }
    let builds: Vec<_> = [&outs[0], &outs[0], &outs[1], &outs[2], &outs[2]]
        .iter()
        .map(|out| accolade(&site, out).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap())
        .collect();
    for b in builds {
        let done = b.wait_with_output().unwrap();
        assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    }
    for out in &outs {
        assert_eq!(snapshot(out), expected, "{}", out.display());
    }
    let entries = files(&shared);
    assert!(entries.iter().all(|f| sound(&shared.join(f))), "{entries:?}");
    assert_eq!(entries.len(), cards, "{entries:?}");
    for out in &outs {
        forget_build(out);
        assert_eq!(build(&site, out), (0, cards, 0));
        assert_eq!(snapshot(out), expected);
    }
}

#[test]
fn builds_killed_while_drawing_leave_the_cache_usable() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_with_cards(tmp.path());
    let out = tmp.path().join("public");
    let cache = cache_of(&out);
    let started = Instant::now();
    let (cards, _, _) = build(&site, &out);
    let mut build_time = started.elapsed();
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() as u64;
    let rounds = 8;
    let mut killed = 0;
    for round in 0..rounds {
        // A new earner name on every award's image, so each build draws
        // and stores every image; half of them the names of the last round.
        let config = site.join("accolade.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        let start = text.find("\ntitle = ").unwrap() + 1;
        let end = start + text[start..].find('\n').unwrap();
        let title = format!("title = \"Badges, version {}\"", round / 2);
        std::fs::write(&config, format!("{}{title}{}", &text[..start], &text[end..])).unwrap();
        // Kill points spread over a build, from its start to its end.
        let delay = build_time.mul_f64(((seed + round as u64 * 37) % 100) as f64 / 100.0);
        let mut child = accolade(&site, &out).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        let begun = Instant::now();
        while begun.elapsed() < delay && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(5));
        }
        if child.try_wait().unwrap().is_none() {
            killed += 1;
            build_time = build_time.max(begun.elapsed());
        }
        child.kill().unwrap();
        child.wait().unwrap();
        // Whatever is under an entry's name is whole; only temporary files
        // (hidden) may be torn.
        for f in files(&cache) {
            let name = f.rsplit('/').next().unwrap();
            assert!(name.starts_with('.') || sound(&cache.join(&f)), "round {round}: `{f}` is torn");
        }
    }
    assert!(killed >= rounds / 3, "only {killed} of {rounds} builds were killed while running");
    // The next build uses what the killed ones stored, gives a clean
    // build's output, and clears their temporary files.
    forget_build(&out);
    let (drawn, cached, damaged) = build(&site, &out);
    assert_eq!((drawn + cached, damaged), (cards, 0));
    let clean = tmp.path().join("clean");
    build(&site, &clean);
    assert_eq!(snapshot(&out), snapshot(&clean));
    let left = files(&cache);
    assert_eq!(left.len(), cards, "{left:?}");
    println!("{killed} of {rounds} builds killed; {cached} images from the cache after them");
}
