//! Escaping text for HTML and XML.

/// Escapes text for HTML text and quoted attribute values. Unlike tera's
/// default it leaves `/` alone, so URLs in pages stay readable.
pub fn escape_html(s: &str) -> String {
    // Most text has nothing to escape: one pass over its bytes says so. The
    // bytes looked at are the special characters, C0 controls and DEL, and
    // the first bytes of C1 controls (0xC2) and of U+FFFE/U+FFFF (0xEF).
    if !s.bytes().any(|b| b < 0x20 || matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0x7F | 0xC2 | 0xEF)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut copied = 0;
    for (i, c) in s.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            // Control characters are invalid in XML and parse errors in HTML
            // (`text.control` warns about them); pages leave them out.
            c if super::text::is_control_text(c) => "",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        out.push_str(replacement);
        copied = i + c.len_utf8();
    }
    out.push_str(&s[copied..]);
    out
}

/// `html` without the indentation of its lines and without blank lines,
/// except inside `<pre>` and `<textarea>`, where white space is content.
/// Templates stay indented for their readers; a page of a site with 100,000
/// awards does not carry the indentation. A line break stays where one was,
/// so white space between inline elements is kept.
pub fn strip_indentation(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut verbatim = 0usize;
    for line in html.split_inclusive('\n') {
        let kept = if verbatim > 0 { line } else { line.trim_start_matches([' ', '\t']) };
        if verbatim == 0 && kept.trim().is_empty() && !out.is_empty() {
            continue;
        }
        out.push_str(kept);
        let (opens, closes) = verbatim_tags(line);
        verbatim = (verbatim + opens).saturating_sub(closes);
    }
    out
}

/// How many `<pre`/`<textarea` and `</pre`/`</textarea` a line holds, in
/// any case. Every line of every page passes here, so it only looks after
/// each `<` rather than lowering and searching the whole line.
fn verbatim_tags(line: &str) -> (usize, usize) {
    let (mut opens, mut closes) = (0, 0);
    let bytes = line.as_bytes();
    for (i, _) in bytes.iter().enumerate().filter(|(_, &b)| b == b'<') {
        let (closing, name) = match &bytes[i + 1..] {
            [b'/', name @ ..] => (true, name),
            name => (false, name),
        };
        let is = |tag: &[u8]| name.get(..tag.len()).is_some_and(|n| n.eq_ignore_ascii_case(tag));
        if is(b"pre") || is(b"textarea") {
            if closing {
                closes += 1;
            } else {
                opens += 1;
            }
        }
    }
    (opens, closes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_goes_except_where_it_is_content() {
        let html = "<div>\n  <p>a <b>b</b>\n    c</p>\n\n  <pre><code>x\n    indented\n\n  end</code></pre>\n  <textarea>\n  t</textarea>\n</div>\n";
        assert_eq!(
            strip_indentation(html),
            "<div>\n<p>a <b>b</b>\nc</p>\n<pre><code>x\n    indented\n\n  end</code></pre>\n<textarea>\n  t</textarea>\n</div>\n"
        );
        // Tags in any case, two on a line, and a verbatim block closed and
        // another opened on one line.
        let html = "<PRE>a\n  b</Pre><TextArea>\n  c</textarea>\n  d\n<pre>x</pre>  <pre>\n  y\n</pre>\n  z\n";
        assert_eq!(
            strip_indentation(html),
            "<PRE>a\n  b</Pre><TextArea>\n  c</textarea>\nd\n<pre>x</pre>  <pre>\n  y\n</pre>\nz\n"
        );
    }

    #[test]
    fn escaping_replaces_specials_and_drops_controls() {
        assert_eq!(escape_html("plain café ünïcode"), "plain café ünïcode");
        assert_eq!(escape_html("a&b<c>d\"e'f/g"), "a&amp;b&lt;c&gt;d&quot;e&#39;f/g");
        assert_eq!(escape_html("x\u{0}y\u{7f}z\u{85}w\u{ffff}v\tu\n"), "xyzwv\tu\n");
        // Bytes 0xC2 and 0xEF that start ordinary characters stay.
        assert_eq!(escape_html("\u{a9} \u{fb01} <"), "\u{a9} \u{fb01} &lt;");
    }
}
