//! Classes of characters and text that pages, XML files and terminals
//! cannot show as they are, and plain checks on published text.

/// Longer names are refused: a page title or a share image cannot show them.
pub const MAX_NAME_CHARS: usize = 1000;

/// Control characters other than tab and line breaks: invalid in XML,
/// parse errors in HTML, and terminal escape sequences in messages.
pub fn is_control_text(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Unicode's explicit direction embeddings, overrides and isolates.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A plausible email address anywhere in a text (`mailto:` links included).
pub fn contains_email(text: &str) -> bool {
    !emails_in(text).is_empty()
}

/// Every plausible email address in a text, as written: words split at
/// spaces and URL or Markdown punctuation (so `mailto:a@b.org` and
/// `?u=a@b.org` count), with `%40` read as `@` (an address in a URL query).
pub fn emails_in(text: &str) -> Vec<String> {
    if !text.contains('@') && !text.contains("%40") {
        return Vec::new();
    }
    let decoded = text.replace("%40", "@");
    decoded
        .split(|c: char| c.is_whitespace() || "<>()[]{},;:\"'/?=&".contains(c))
        .map(|word| word.trim_matches(|c: char| c == '.' || c == '*' || c == '_'))
        .filter(|word| match word.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-')
            }
            None => false,
        })
        .map(str::to_string)
        .collect()
}

/// `text` with each `{name}` replaced by `arg(name)`; a placeholder with
/// no argument stays as it is.
pub fn fill(text: &str, mut arg: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if is_name(name) => {
                match arg(name) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_bidi_in_text() {
        for yes in [
            "write to ada@example.org.",
            "[me](mailto:ada@example.org)",
            "*ada@example.org*",
            "https://x.org/?u=ada@example.org",
        ] {
            assert!(contains_email(yes), "{yes}");
        }
        for no in ["@handle", "a@b", "https://github.com/ada", "version 1.2@beta", ""] {
            assert!(!contains_email(no), "{no}");
        }
        assert_eq!(emails_in("to Ada@Example.org, [b](mailto:b@x.org)."), ["Ada@Example.org", "b@x.org"]);
        assert_eq!(emails_in("https://x.org/?u=ada%40example.org&y=1"), ["ada@example.org"]);
        assert!(emails_in("no address here").is_empty());
        assert!("Ada\u{202E}gnp.exe".chars().any(is_bidi_control));
        assert!(!"Nguyễn Thị Mai".chars().any(is_bidi_control));
    }
}
