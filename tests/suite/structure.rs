//! Structure of src/: library modules must not import each other in a cycle
//! (so each can be read, tested and moved after what it depends on), and no
//! source file may grow past 700 lines.
//!
//! The import graph comes from a small scanner, not a Rust parser. It assumes:
//! - Modules reach each other through paths starting with `crate::`, `super::`
//!   or `self::` (inline or in `use` trees, braces nested over several lines),
//!   or bare `use x::..` paths (relative to the current module). A name that a
//!   parent re-exports with `use` (`crate::Site` from `pub use site::Site;` in
//!   lib.rs) counts as its real module. Not seen: `use super::*` globs, paths
//!   built by macros, `use x as y` renames, inline `mod x { .. }` scopes.
//! - Comments and string/char literals are skipped (block comments must not nest).
//! - Unit tests may reach anywhere: the item after each exact `#[cfg(test)]`
//!   (normally `mod tests { .. }`) is skipped to its `;` or matching `}`, and a
//!   file with `#![cfg(test)]` is skipped whole. Other spellings
//!   (`#[cfg(all(test, ..))]`) are read as normal code.
//! - The binary's files (src/main.rs, src/cli.rs, src/cmd/**, src/bin/**) are
//!   not library modules; lib.rs only contributes its re-exports.
//!
//! `STRUCTURE_ROOT=/path/to/crate` points both checks at another crate.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 700;
/// Top-level names under src/ that belong to the binary, not the library.
const BINARY: &[&str] = &["main", "cli", "cmd", "bin"];

/// A dependency graph: module -> (dependency -> "file:line" of a reference).
pub type Graph = BTreeMap<String, BTreeMap<String, String>>;
type Token = (String, usize); // text, line
type Ref = (Vec<String>, usize, bool); // path from the crate root, line, named by a `use`

fn crate_root() -> PathBuf {
    std::env::var_os("STRUCTURE_ROOT").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

/// Every .rs file under `src`, sorted so reports are stable: (path relative to src, text).
fn rust_files(src: &Path) -> Vec<(PathBuf, String)> {
    let files = walkdir::WalkDir::new(src).sort_by_file_name().into_iter().map(|e| e.expect("walk src/"));
    let files = files.filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"));
    let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    files.map(|e| (e.path().strip_prefix(src).unwrap().to_path_buf(), read(e.path()))).collect()
}

/// The module a file defines: `a/b.rs` and `a/b/mod.rs` -> [a, b]; `lib.rs` -> [].
fn module_path(rel: &Path) -> Vec<String> {
    let mut m: Vec<String> = rel.with_extension("").iter().map(|c| c.to_string_lossy().into_owned()).collect();
    if m == ["lib"] || m.last().is_some_and(|l| l == "mod") {
        m.pop();
    }
    m
}

/// Name of the graph between the children of module `m`: "crate", "crate::a", ...
fn scope(m: &[String]) -> String {
    std::iter::once("crate").chain(m.iter().map(String::as_str)).collect::<Vec<_>>().join("::")
}

/// One graph per module that has submodules, keyed by `scope`: "crate" links the
/// top-level modules, "crate::a" the submodules of folder `a`, and so on down.
pub fn graphs(root: &Path) -> BTreeMap<String, Graph> {
    let (mut out, mut files, mut aliases) = (BTreeMap::<String, Graph>::new(), Vec::new(), BTreeMap::new());
    for (rel, text) in rust_files(&root.join("src")) {
        let m = module_path(&rel);
        if m.first().is_some_and(|top| BINARY.contains(&top.as_str())) {
            continue;
        }
        for level in 0..m.len() {
            out.entry(scope(&m[..level])).or_default().entry(m[level].clone()).or_default();
        }
        let refs = references(&tokens(&text), &m);
        for (path, _, _) in refs.iter().filter(|r| r.2) {
            // `use x::Thing;` in module m makes `m::Thing` another name for `x::Thing`.
            aliases.insert([&m[..], &path[path.len() - 1..]].concat(), path.clone());
        }
        files.push((rel, m, refs));
    }
    for (rel, m, refs) in &files {
        for (path, line, _) in refs {
            // Walk down from the crate root while the file and the target share a
            // parent; at each level both sit in one graph.
            let mut to = path.clone();
            for level in 0..m.len() {
                let graph = out.get_mut(&scope(&m[..level])).unwrap();
                if level >= to.len() {
                    break;
                }
                if !graph.contains_key(&to[level]) {
                    let Some(real) = aliases.get(&to[..=level]) else { break };
                    to = [&real[..], &to[level + 1..]].concat();
                }
                let sibling = to.len() > level && to[..level] == m[..level] && to[level] != m[level];
                if sibling && graph.contains_key(&to[level]) {
                    let at = format!("src/{}:{line}", rel.display());
                    graph.get_mut(&m[level]).unwrap().entry(to[level].clone()).or_insert(at);
                }
                if to.get(..=level) != m.get(..=level) {
                    break;
                }
            }
        }
    }
    out
}

/// Splits code into words, `::` and single punctuation, with their line numbers;
/// comments, string/char literals and `#[cfg(test)]` items are dropped.
fn tokens(src: &str) -> Vec<Token> {
    let c: Vec<char> = src.chars().collect();
    let at = |k: usize| c.get(k).copied().unwrap_or('\0');
    let word = |k: usize| at(k).is_alphanumeric() || at(k) == '_';
    let (mut t, mut i, mut line) = (Vec::new(), 0, 1);
    while i < c.len() {
        let start = i;
        if at(i) == '/' && at(i + 1) == '/' {
            i = (i..c.len()).find(|&k| c[k] == '\n').unwrap_or(c.len());
        } else if at(i) == '/' && at(i + 1) == '*' {
            i = (i + 2..c.len()).find(|&k| c[k] == '*' && at(k + 1) == '/').map_or(c.len(), |k| k + 2);
        } else if at(i) == '"' || (at(i) == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'')) {
            // A string or a char ('x', '\n', '\''), not a lifetime: skip to the closing quote.
            let quote = at(i);
            i += if at(i + 1) == '\\' && quote == '\'' { 3 } else { 1 };
            while i < c.len() && c[i] != quote {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if word(i) {
            while word(i) {
                i += 1;
            }
            let w: String = c[start..i].iter().collect();
            let hashes = (i..c.len()).take_while(|&k| c[k] == '#').count();
            if (w == "r" || w == "br") && at(i + hashes) == '"' {
                // A raw string: ends at a quote followed by as many #s.
                i += hashes + 1;
                while i < c.len() && !(c[i] == '"' && (1..=hashes).all(|h| at(i + h) == '#')) {
                    i += 1;
                }
                i += hashes + 1;
            } else {
                t.push((w, line));
            }
        } else {
            i += if at(i) == ':' && at(i + 1) == ':' { 2 } else { 1 };
            if !at(start).is_whitespace() {
                t.push((c[start..i].iter().collect(), line));
            }
        }
        line += c[start..i.min(c.len())].iter().filter(|&&ch| ch == '\n').count();
    }
    let text = |t: &[Token], k: usize, n: usize| t[k..].iter().take(n).map(|x| x.0.as_str()).collect::<String>();
    if (0..t.len()).any(|k| text(&t, k, 8) == "#![cfg(test)]") {
        return Vec::new(); // a test-only file
    }
    let mut k = 0;
    while k < t.len() {
        if text(&t, k, 7) == "#[cfg(test)]" {
            let (mut end, mut depth) = (k + 7, 0);
            while end < t.len() {
                depth += (t[end].0 == "{") as i32 - (t[end].0 == "}") as i32;
                end += 1;
                if depth <= 0 && (t[end - 1].0 == "}" || t[end - 1].0 == ";") {
                    break;
                }
            }
            t.drain(k..end);
        } else {
            k += 1;
        }
    }
    t
}

/// Every path that module `m` names from the crate root, where a path can start.
fn references(t: &[Token], m: &[String]) -> Vec<Ref> {
    let tok = |k: usize| t.get(k).map_or("", |x| x.0.as_str());
    let mut out = Vec::new();
    for k in 0..t.len() {
        let prev = if k == 0 { "" } else { tok(k - 1) };
        let (base, at) = match tok(k) {
            _ if prev == "::" || tok(k + 1) != "::" => continue, // not the start of a path
            "crate" => (vec![], k + 2),
            "self" => (m.to_vec(), k + 2),
            "super" => {
                let ups = (k..).step_by(2).take_while(|&j| tok(j) == "super" && tok(j + 1) == "::").count();
                (m[..m.len().saturating_sub(ups)].to_vec(), k + 2 * ups)
            }
            _ if prev == "use" => (m.to_vec(), k), // a child of m, or an extern crate
            _ => continue,
        };
        use_tree(t, at, base, prev == "use", &mut out);
    }
    out.retain(|r| !r.0.is_empty());
    out
}

/// Reads one path or use tree (`a::b`, `a::{b, c::{d}}`, `a::*`) from t[i] on,
/// appending each full path it names to `out`; returns the index after it.
fn use_tree(t: &[Token], mut i: usize, mut path: Vec<String>, is_use: bool, out: &mut Vec<Ref>) -> usize {
    let tok = |k: usize| t.get(k).map_or("", |x| x.0.as_str());
    let line = |k: usize| t.get(k).or(t.last()).map_or(0, |x| x.1);
    loop {
        match tok(i) {
            "{" => {
                i += 1;
                while i < t.len() && tok(i) != "}" {
                    i = use_tree(t, i, path.clone(), is_use, out);
                    i += (i..t.len()).take_while(|&k| tok(k) != "," && tok(k) != "}").count(); // `as x`
                    i += (tok(i) == ",") as usize;
                }
                return i + 1;
            }
            s if s.starts_with(|c: char| c.is_alphabetic() || c == '_') => {
                if s != "self" {
                    path.push(s.to_string());
                }
                if tok(i + 1) != "::" {
                    out.push((path, line(i), is_use));
                    return i + 1;
                }
                i += 2;
            }
            _ => {
                out.push((path, line(i.saturating_sub(1)), is_use)); // `*`, or `::<T>` after a path
                return i;
            }
        }
    }
}

/// Shortest path from `from` to `to` (both included), if there is one.
fn shortest_path(g: &Graph, from: &str, to: &str) -> Option<Vec<String>> {
    let (mut prev, mut queue) = (BTreeMap::<&str, &str>::new(), VecDeque::from([from]));
    while let Some(n) = queue.pop_front() {
        if n == to {
            let mut path = vec![to];
            while *path.last().unwrap() != from {
                path.push(prev[path.last().unwrap()]);
            }
            return Some(path.into_iter().rev().map(String::from).collect());
        }
        for d in g.get(n).into_iter().flat_map(|deps| deps.keys()) {
            if d != from && !prev.contains_key(d.as_str()) {
                prev.insert(d, n);
                queue.push_back(d);
            }
        }
    }
    None
}

/// For every edge on a cycle, the shortest cycle through it, written from its
/// smallest module ("a -> b -> a"), shortest cycles first.
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    let mut found = BTreeSet::new();
    for (u, deps) in g {
        for back in deps.keys().filter_map(|v| shortest_path(g, v, u)) {
            let mut cycle: Vec<String> = std::iter::once(u.clone()).chain(back).collect();
            cycle.pop();
            let first = (0..cycle.len()).min_by_key(|&k| &cycle[k]).unwrap();
            cycle.rotate_left(first);
            cycle.push(cycle[0].clone());
            found.insert((cycle.len(), cycle));
        }
    }
    found.into_iter().map(|(_, cycle)| cycle).collect()
}

/// The modules leaves first (each after everything it depends on), or None on a cycle.
pub fn topo_order(g: &Graph) -> Option<Vec<String>> {
    let mut done: Vec<String> = Vec::new();
    while done.len() < g.len() {
        let (next, _) = g.iter().find(|(m, deps)| !done.contains(m) && deps.keys().all(|d| done.contains(d)))?;
        done.push(next.clone());
    }
    Some(done)
}

#[test]
fn library_modules_have_no_import_cycle() {
    let all = graphs(&crate_root());
    let mut report = String::new();
    for (scope, g) in &all {
        let cycles = cycles(g);
        let tangled: BTreeSet<&str> = cycles.iter().flatten().map(String::as_str).collect();
        if !cycles.is_empty() {
            let names = tangled.iter().copied().collect::<Vec<_>>().join(", ");
            report += &format!("\n{scope}: {} modules in import cycles: {names}\n", tangled.len());
        }
        for cycle in &cycles {
            report += &format!("  {}\n", cycle.join(" -> "));
            for pair in cycle.windows(2) {
                report += &format!("      {} -> {}  at {}\n", pair[0], pair[1], g[&pair[0]][&pair[1]]);
            }
        }
    }
    assert!(report.is_empty(), "modules must depend on each other one way only; break these cycles:{report}");
    // The order to read (or move) the modules in; run with --nocapture to see it.
    for (scope, g) in &all {
        println!("dependency order in {scope} (leaves first):");
        for m in topo_order(g).expect("no cycle") {
            let deps: Vec<&str> = g[&m].keys().map(String::as_str).collect();
            println!("  {m}{}{}", if deps.is_empty() { "" } else { " -> " }, deps.join(", "));
        }
    }
}

#[test]
fn no_source_file_is_over_700_lines() {
    let long: Vec<String> = rust_files(&crate_root().join("src"))
        .into_iter()
        .map(|(rel, text)| (rel, text.lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(rel, n)| format!("  src/{}: {n} lines", rel.display()))
        .collect();
    assert!(long.is_empty(), "source files over {MAX_LINES} lines (split them up):\n{}", long.join("\n"));
}
