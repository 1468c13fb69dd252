//! Escaping text for HTML and XML.

/// Escapes text for HTML text and quoted attribute values. Unlike tera's
/// default it leaves `/` alone, so URLs in pages stay readable.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are invalid in XML and parse errors in HTML
            // (`text.control` warns about them); pages leave them out.
            c if super::text::is_control_text(c) => {}
            c => out.push(c),
        }
    }
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
        let lower = line.to_ascii_lowercase();
        let opens = lower.matches("<pre").count() + lower.matches("<textarea").count();
        let closes = lower.matches("</pre").count() + lower.matches("</textarea").count();
        verbatim = (verbatim + opens).saturating_sub(closes);
    }
    out
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
    }
}
