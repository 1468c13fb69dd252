//! Reading XML markup without a parser, where a parser would be the risk:
//! how deep elements nest (`roxmltree` recurses once per level, so a
//! hostile SVG of 200,000 nested groups overflowed the stack before the
//! depth was checked) and where a start tag ends.

/// How deep elements nest, read from the markup alone: comments, CDATA,
/// processing instructions and declarations are skipped, and `<` cannot
/// appear in attribute values, so this is exact for well-formed XML without
/// entities, and a bound the parser never exceeds for anything else it reads.
pub fn nesting_depth(xml: &str) -> usize {
    let (mut depth, mut deepest, mut pos) = (0usize, 0usize, 0usize);
    while let Some(i) = xml[pos..].find('<') {
        let rest = &xml[pos + i..];
        let skip_to = |end: &str| rest.find(end).map_or(rest.len(), |e| e + end.len());
        let len = if rest.starts_with("<!--") {
            skip_to("-->")
        } else if rest.starts_with("<![CDATA[") {
            skip_to("]]>")
        } else if rest.starts_with("<?") {
            skip_to("?>")
        } else if rest.starts_with("<!") {
            skip_to(">")
        } else if rest.starts_with("</") {
            depth = depth.saturating_sub(1);
            skip_to(">")
        } else {
            let end = start_tag_end(rest);
            if end.is_none_or(|end| !rest[..end].ends_with('/')) {
                depth += 1;
                deepest = deepest.max(depth);
            }
            end.map_or(rest.len(), |end| end + 1)
        };
        pos += i + len.max(1);
    }
    deepest
}

/// The offset of the `>` that closes the start tag `tag` begins with: the
/// first one outside a quoted attribute value (`aria-label="a > b"` is legal).
pub fn start_tag_end(tag: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}
