//! A small document model for the budget paper, rendered to Markdown and to printable HTML,
//! so that both say exactly the same thing.
//!
//! Hand-written rather than a Markdown library: the two renderers are a few dozen lines each,
//! the output must be byte-stable for snapshot tests, and HTML tables must stay plain
//! `<table>`/`<th>`/`<td>` so that they paste cleanly into a word processor.

use std::fmt::Write;

/// Text alignment of a table column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table: a header row and body rows of plain text.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub caption: Option<String>,
    pub header: Vec<String>,
    pub align: Vec<Align>,
    pub rows: Vec<Vec<String>>,
    /// Cells rendered as code (`path`) in Markdown and `<code>` in HTML, by column.
    pub code: Vec<bool>,
}

impl Table {
    pub fn new(header: &[&str], align: &[Align]) -> Table {
        Table {
            caption: None,
            header: header.iter().map(|s| s.to_string()).collect(),
            align: align.to_vec(),
            rows: Vec::new(),
            code: vec![false; header.len()],
        }
    }
    pub fn caption(mut self, c: impl Into<String>) -> Table {
        self.caption = Some(c.into());
        self
    }
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }
}

/// A chart as it appears in the document.
#[derive(Clone, Debug)]
pub struct Figure {
    pub title: String,
    /// The SVG text, inlined in the HTML.
    pub svg: String,
    /// The picture linked from the Markdown (a PNG if there is one, else the SVG).
    pub href: String,
    pub caption: String,
}

/// One block of the document.
#[derive(Clone, Debug)]
pub enum Block {
    /// A heading, level 1 to 3.
    Heading(u8, String),
    Para(String),
    /// A paragraph in a smaller, muted style (notes under tables).
    Note(String),
    Bullets(Vec<String>),
    Table(Table),
    Figure(Figure),
    /// Preformatted text (the command that reproduces the paper).
    Code(String),
}

/// The document: a title and blocks.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Doc {
    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }

    /// GitHub-flavoured Markdown (pipe tables).
    pub fn to_markdown(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "# {}\n", md_text(&self.title));
        for b in &self.blocks {
            match b {
                Block::Heading(level, t) => {
                    let _ = writeln!(o, "{} {}\n", "#".repeat((*level).clamp(1, 6) as usize), md_text(t));
                }
                Block::Para(t) => {
                    let _ = writeln!(o, "{}\n", md_text(t));
                }
                Block::Note(t) => {
                    let _ = writeln!(o, "*{}*\n", md_text(t));
                }
                Block::Bullets(items) => {
                    for i in items {
                        let _ = writeln!(o, "- {}", md_text(i));
                    }
                    o.push('\n');
                }
                Block::Table(t) => md_table(&mut o, t),
                Block::Figure(f) => {
                    let _ = writeln!(o, "![{}]({})\n", md_text(&f.title), f.href);
                    let _ = writeln!(o, "*{}*\n", md_text(&f.caption));
                }
                Block::Code(t) => {
                    let _ = writeln!(o, "```\n{t}\n```\n");
                }
            }
        }
        while o.ends_with("\n\n") {
            o.pop();
        }
        o
    }

    /// A self-contained HTML page: inline CSS for screen and A4 print, charts as inline SVG,
    /// no external requests.
    pub fn to_html(&self) -> String {
        let mut o = String::new();
        let _ = write!(
            o,
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            html_text(&self.title),
            html_text(&self.title)
        );
        for b in &self.blocks {
            match b {
                Block::Heading(level, t) => {
                    let l = (*level).clamp(1, 6);
                    let _ = writeln!(o, "<h{l}>{}</h{l}>", html_text(t));
                }
                Block::Para(t) => {
                    let _ = writeln!(o, "<p>{}</p>", html_text(t));
                }
                Block::Note(t) => {
                    let _ = writeln!(o, "<p class=\"note\">{}</p>", html_text(t));
                }
                Block::Bullets(items) => {
                    o.push_str("<ul>\n");
                    for i in items {
                        let _ = writeln!(o, "<li>{}</li>", html_text(i));
                    }
                    o.push_str("</ul>\n");
                }
                Block::Table(t) => html_table(&mut o, t),
                Block::Figure(f) => {
                    let _ = writeln!(
                        o,
                        "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>",
                        strip_xml_declaration(&f.svg),
                        html_text(&f.caption)
                    );
                }
                Block::Code(t) => {
                    let _ = writeln!(o, "<pre><code>{}</code></pre>", html_text(t));
                }
            }
        }
        o.push_str("</body>\n</html>\n");
        o
    }
}

const CSS: &str = "\
@page { size: A4; margin: 15mm; }
body { font-family: \"DejaVu Sans\", Verdana, Arial, Helvetica, sans-serif; font-size: 10.5pt; \
line-height: 1.4; color: #111; background: #fff; max-width: 62em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 0.4em; }
h2 { font-size: 1.3em; margin: 1.4em 0 0.4em; border-bottom: 1px solid #999; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1.1em; margin: 1.1em 0 0.3em; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; margin: 0.4em 0 1em; font-size: 9pt; }
caption { text-align: left; font-weight: bold; padding: 0 0 0.3em; }
th, td { border: 1px solid #888; padding: 2px 6px; vertical-align: top; }
th { background: #e8e8e8; text-align: left; }
td:first-child { white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
code, pre { font-family: \"DejaVu Sans Mono\", Consolas, monospace; font-size: 9pt; }
pre { background: #f3f3f3; border: 1px solid #ccc; padding: 0.5em; white-space: pre-wrap; word-break: break-all; }
figure { margin: 1em 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 9pt; color: #333; margin-top: 0.3em; }
.note { font-size: 9pt; color: #333; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
";

/// Escapes text for HTML element content and attribute values.
pub fn html_text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            c => o.push(c),
        }
    }
    o
}

/// Escapes the characters that Markdown would read as markup in running text.
fn md_text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#' => {
                o.push('\\');
                o.push(c);
            }
            '\n' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

fn md_cell(s: &str, code: bool) -> String {
    if code {
        if s.is_empty() {
            return String::new();
        }
        // A code span cannot hold a pipe in a table cell even escaped in every renderer; none
        // of our paths has one, but keep the table well-formed whatever the input.
        format!("`{}`", s.replace('`', "'").replace('|', "/"))
    } else {
        md_text(s)
    }
}

fn md_table(o: &mut String, t: &Table) {
    if let Some(c) = &t.caption {
        let _ = writeln!(o, "**{}**\n", md_text(c));
    }
    let n = t.header.len();
    let _ = writeln!(o, "| {} |", t.header.iter().map(|h| md_text(h)).collect::<Vec<_>>().join(" | "));
    let seps: Vec<&str> = (0..n)
        .map(|i| match t.align.get(i) {
            Some(Align::Right) => "---:",
            _ => "---",
        })
        .collect();
    let _ = writeln!(o, "| {} |", seps.join(" | "));
    for r in &t.rows {
        let cells: Vec<String> = (0..n)
            .map(|i| {
                md_cell(r.get(i).map(String::as_str).unwrap_or(""), t.code.get(i).copied().unwrap_or(false))
            })
            .collect();
        let _ = writeln!(o, "| {} |", cells.join(" | "));
    }
    o.push('\n');
}

fn html_table(o: &mut String, t: &Table) {
    o.push_str("<table>\n");
    if let Some(c) = &t.caption {
        let _ = writeln!(o, "<caption>{}</caption>", html_text(c));
    }
    o.push_str("<thead><tr>");
    for (i, h) in t.header.iter().enumerate() {
        let right = t.align.get(i) == Some(&Align::Right);
        let _ = write!(
            o,
            "<th scope=\"col\"{}>{}</th>",
            if right { " style=\"text-align:right\"" } else { "" },
            html_text(h)
        );
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for r in &t.rows {
        o.push_str("<tr>");
        for i in 0..t.header.len() {
            let cell = r.get(i).map(String::as_str).unwrap_or("");
            let right = t.align.get(i) == Some(&Align::Right);
            let code = t.code.get(i).copied().unwrap_or(false);
            let body = if code && !cell.is_empty() {
                format!("<code>{}</code>", html_text(cell))
            } else {
                html_text(cell)
            };
            // Inline styles survive a paste into a word processor; numbers never wrap.
            let _ = write!(
                o,
                "<td{}>{}</td>",
                if right { " style=\"text-align:right;white-space:nowrap\"" } else { "" },
                body
            );
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
}

fn strip_xml_declaration(svg: &str) -> &str {
    let s = svg.trim_start();
    if s.starts_with("<?xml") { s.find("?>").map(|i| s[i + 2..].trim_start()).unwrap_or(s) } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_table_is_well_formed() {
        let mut t = Table::new(&["a", "b|c"], &[Align::Left, Align::Right]);
        t.push(vec!["x_y".into(), "1".into()]);
        let mut d = Doc { title: "T".into(), blocks: vec![] };
        d.push(Block::Table(t));
        let md = d.to_markdown();
        assert!(md.contains("| a | b\\|c |\n| --- | ---: |\n| x\\_y | 1 |"), "{md}");
        let html = d.to_html();
        assert!(html.contains("<th scope=\"col\">a</th>"));
        assert!(html.contains("<td style=\"text-align:right;white-space:nowrap\">1</td>"));
    }

    #[test]
    fn html_escapes() {
        assert_eq!(html_text("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
