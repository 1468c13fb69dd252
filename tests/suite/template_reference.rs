//! docs/TEMPLATES.md lists every template and every variable each is
//! rendered with: the example site is built with the renderer noting the
//! variables of every render (`Renderer::record_variables`), and the page
//! must list each of them and no variable a render lacks.

use crate::common::*;
use accolade::render::Variables;
use accolade::themes::BUILTIN_TEMPLATES;
use std::collections::{BTreeMap, BTreeSet};

const DOC: &str = "docs/TEMPLATES.md";

/// The variables of every render of the example site, by template.
fn recorded() -> Variables {
    let tmp = tempfile::tempdir().unwrap();
    let overrides = accolade::Overrides { output: Some(tmp.path().join("public")), ..Default::default() };
    let Ok(mut site) = accolade::Site::load(&example_site(), &overrides) else { panic!("the example site loads") };
    site.renderer.record_variables();
    site.build().unwrap();
    site.renderer.recorded_variables()
}

/// One row of a table: a name (None for a row that spreads a shape's
/// fields, `*every page's*`), whether it is a list, and its shape.
struct Row {
    name: Option<String>,
    list: bool,
    shape: Option<String>,
}

/// The page's sections (`### name`) with their table rows, split into
/// templates and shapes.
fn sections(doc: &str) -> (BTreeMap<String, Vec<Row>>, BTreeMap<String, Vec<Row>>) {
    let (mut templates, mut shapes) = (BTreeMap::new(), BTreeMap::new());
    let (mut in_shapes, mut current): (bool, Option<String>) = (false, None);
    for line in doc.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            in_shapes = h.trim() == "Shapes";
            current = None;
        } else if let Some(h) = line.strip_prefix("### ") {
            let name = h.trim().to_string();
            let into = if in_shapes { &mut shapes } else { &mut templates };
            into.insert(name.clone(), Vec::new());
            current = Some(name);
        } else if let (Some(section), Some(row)) = (&current, line.strip_prefix("| ")) {
            let cells: Vec<&str> = row.split(" | ").map(str::trim).collect();
            if cells.len() < 2 || matches!(cells[0], "variable" | "field") || cells[0].starts_with("---") {
                continue;
            }
            let name = cells[0].strip_prefix('`').and_then(|c| c.strip_suffix('`')).map(str::to_string);
            let shape =
                cells[1].split_once("](#").and_then(|(before, _)| before.rsplit_once('[')).map(|(_, s)| s.to_string());
            let row = Row { name, list: cells[1].starts_with("list of"), shape };
            let into = if in_shapes { &mut shapes } else { &mut templates };
            into.get_mut(section).unwrap().push(row);
        }
    }
    (templates, shapes)
}

/// Every variable path the rows give, below `prefix`.
fn expand(prefix: &str, rows: &[Row], shapes: &BTreeMap<String, Vec<Row>>, into: &mut BTreeSet<String>) {
    for row in rows {
        let shape = row.shape.as_ref().map(|s| shapes.get(s).unwrap_or_else(|| panic!("{DOC}: no shape {s}")));
        let Some(name) = &row.name else {
            expand(prefix, shape.expect("a spread row names a shape"), shapes, into);
            continue;
        };
        let mut path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        into.insert(path.clone());
        if row.list {
            path.push_str("[]");
            into.insert(path.clone());
        }
        if let Some(shape) = shape {
            expand(&path, shape, shapes, into);
        }
    }
}

#[test]
fn every_template_variable_is_documented() {
    let doc = std::fs::read_to_string(repo().join(DOC)).unwrap();
    let (templates, shapes) = sections(&doc);
    for (name, _) in BUILTIN_TEMPLATES {
        assert!(templates.contains_key(*name), "{DOC} has no section `### {name}`");
    }
    let mut wrong = Vec::new();
    let recorded = recorded();
    for (template, variables) in &recorded {
        let rows = templates.get(template).map(Vec::as_slice).unwrap_or_default();
        let mut documented = BTreeSet::new();
        expand("", rows, &shapes, &mut documented);
        // `t` is documented as one variable: its keys are the translation
        // files' (locales/en.toml), listed there rather than here.
        let strings = |p: &str| p.starts_with("t.") && documented.contains("t");
        for path in variables.keys().filter(|p| !documented.contains(*p) && !strings(p)) {
            let kinds: Vec<&str> = variables[path].iter().copied().collect();
            wrong.push(format!("{template}: `{path}` ({}) is not in {DOC}", kinds.join(" or ")));
        }
        // A documented variable no render had, where it would have been:
        // at the top, or in an object that was rendered (a field of an
        // always-empty list or an always-null object cannot be seen).
        for path in documented.iter().filter(|p| !variables.contains_key(*p)) {
            // The items of a list that was always empty cannot be seen
            // (the list itself is checked as its own row).
            let parent = match path.rsplit_once('.') {
                _ if path.ends_with("[]") => false,
                Some((parent, _)) => variables.get(parent).is_some_and(|kinds| kinds.contains("object")),
                None => true,
            };
            if parent {
                wrong.push(format!("{template}: {DOC} lists `{path}`, which no render had"));
            }
        }
    }
    assert!(recorded.len() >= 10, "{:?}", recorded.keys());
    assert!(wrong.is_empty(), "{DOC} is out of date:\n{}", wrong.join("\n"));
}
