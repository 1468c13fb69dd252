//! `--people FILE`: a second export with the names and emails a grade
//! report lacks (Open edX's profile report, a Canvas roster), joined on the
//! first identifying column both files have.

use super::detect::{Names, JOIN_KEYS};
use super::table::{Row, Table};
use anyhow::{bail, Result};
use std::collections::HashMap;

pub struct People {
    pub table: Table,
    /// The file, as the summary names it.
    pub file: String,
    /// The join column in the grade report.
    pub key_in_grades: usize,
    /// Its header in the grade report, for messages.
    pub key: String,
    pub names: Option<(Names, String)>,
    by_key: HashMap<String, usize>,
}

impl People {
    pub fn join(grades: &Table, table: Table, file: String) -> Result<People> {
        let shared = JOIN_KEYS.iter().find_map(|names| Some((grades.first_of(names)?, table.first_of(names)?.0)));
        let Some(((key_in_grades, key), key_in_people)) = shared else {
            bail!(
                "the grade report and `{file}` have no column in common to join them on \
                 (looked for {}); the people file's columns are: {}",
                JOIN_KEYS.iter().map(|k| k.join("/")).collect::<Vec<_>>().join(", "),
                table.headers.join(", ")
            );
        };
        let mut by_key = HashMap::new();
        for (i, row) in table.rows.iter().enumerate() {
            let k = key_of(row.get(key_in_people));
            if !k.is_empty() {
                by_key.entry(k).or_insert(i);
            }
        }
        let names = Names::find(&table);
        Ok(People { table, file, key_in_grades, key, names, by_key })
    }

    /// The person a grade-report row is about.
    pub fn find(&self, row: &Row) -> Option<&Row> {
        self.by_key.get(&key_of(row.get(self.key_in_grades))).map(|&i| &self.table.rows[i])
    }
}

/// Keys match whatever their case and spacing: ` AOIFE@Example.org` is aoife@example.org.
fn key_of(value: &str) -> String {
    value.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(headers: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| Row { line: None, fields: Ok(r.iter().map(|s| s.to_string()).collect()) })
                .collect(),
            delimiter: b',',
        }
    }

    #[test]
    fn joins_on_the_first_shared_column_whatever_the_case() {
        let grades = table(&["Student", "ID", "SIS Login ID", "Section"], &[&["Dahl, Søren", "7", "SDAHL ", "A"]]);
        let people = table(&["SIS Login ID", "Email"], &[&["sdahl", "soren@example.com"]]);
        let p = People::join(&grades, people, "people.csv".into()).unwrap();
        assert_eq!(p.key, "SIS Login ID");
        assert_eq!(p.find(&grades.rows[0]).unwrap().get(1), "soren@example.com");
        let edx = table(&["Student ID", "Email", "Username"], &[&["1", "A@x.org", "a"]]);
        let profiles = table(&["id", "username", "name", "email"], &[&["1", "a", "Ana", "a@x.org"]]);
        assert_eq!(People::join(&edx, profiles, "p".into()).unwrap().key, "Email", "email before the rest");
        let none = table(&["Nickname"], &[]);
        assert!(People::join(&edx, none, "p".into()).err().unwrap().to_string().contains("no column in common"));
    }
}
