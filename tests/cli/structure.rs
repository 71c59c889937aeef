//! The shape of the code, checked: dependencies point one way (DESIGN.md, Style 10) and no
//! function is longer than 60 lines except data tables (Style 11). Both read `src/` as
//! text; the function lengths come from `syn`'s spans, so comments and blank lines inside
//! a function count, as a reader sees them.

use std::fs;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Longest a function may be, in lines from `fn` to its closing brace.
const MAX_LINES: usize = 60;

/// Functions allowed over the limit: data tables (a `match` from keys to values, a list of
/// cases), not logic. Each entry: `file::function`, and why.
const DATA_TABLES: &[(&str, &str)] = &[];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The module path a file names with `crate::…` or `use crate::{…}`, first segment only.
fn crate_modules_named(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            // `use crate::{cli, model::Socket}`: every first segment in the braces.
            Some(inner) => inner
                .split('}')
                .next()
                .unwrap_or("")
                .split(',')
                .map(|p| p.trim().split("::").next().unwrap_or(""))
                .collect(),
            None => vec![
                rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
                    .unwrap_or(""),
            ],
        };
        found.extend(
            names
                .into_iter()
                .filter(|n| !n.is_empty())
                .map(String::from),
        );
    }
    found
}

/// Which top-level modules each layer may name (besides itself and the crate root's
/// `Outcome` and macros).
fn allowed(layer: &str) -> &'static [&'static str] {
    match layer {
        "model" => &[],
        "source" | "knowledge" => &["model", "source", "knowledge"],
        "lesson" | "render" | "explain" => &[
            "model",
            "source",
            "knowledge",
            "lesson",
            "render",
            "explain",
        ],
        _ => unreachable!("only the lower layers are checked"),
    }
}

#[test]
fn dependencies_point_one_way() {
    let mut wrong = Vec::new();
    for layer in [
        "model",
        "source",
        "knowledge",
        "lesson",
        "render",
        "explain",
    ] {
        let files = match layer {
            "model" => vec![src().join("model.rs")],
            dir => rust_files(&src().join(dir)),
        };
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            for module in crate_modules_named(&text) {
                let root_items = ["Outcome"];
                if !allowed(layer).contains(&module.as_str())
                    && !root_items.contains(&module.as_str())
                {
                    wrong.push(format!("{} names crate::{module}", file.display()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "upward dependencies:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_layer_check_sees_what_it_must() {
    let names = crate_modules_named("use crate::cli::Cli;\nuse crate::{app, model::Socket};");
    assert_eq!(names, ["cli", "app", "model"]);
}

/// Every function and method of a file with its line count.
struct Lengths {
    file: String,
    found: Vec<(String, usize)>,
}

impl Lengths {
    fn record(&mut self, name: &syn::Ident, span: proc_macro2::Span) {
        let lines = span.end().line - span.start().line + 1;
        self.found.push((format!("{}::{name}", self.file), lines));
    }
}

impl<'ast> Visit<'ast> for Lengths {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.record(&f.sig.ident, syn::spanned::Spanned::span(f));
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.record(&f.sig.ident, syn::spanned::Spanned::span(f));
        syn::visit::visit_impl_item_fn(self, f);
    }
}

fn function_lengths() -> Vec<(String, usize)> {
    let mut all = Vec::new();
    for file in rust_files(&src()) {
        let text = fs::read_to_string(&file).unwrap();
        let tree = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let name = file.strip_prefix(src()).unwrap().display().to_string();
        let mut lengths = Lengths {
            file: name,
            found: Vec::new(),
        };
        lengths.visit_file(&tree);
        all.extend(lengths.found);
    }
    all
}

#[test]
fn no_function_is_longer_than_sixty_lines() {
    let long: Vec<String> = function_lengths()
        .into_iter()
        .filter(|(name, n)| *n > MAX_LINES && !DATA_TABLES.iter().any(|(t, _)| t == name))
        .map(|(name, n)| format!("{name}: {n} lines"))
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_length_check_measures_real_functions() {
    let all = function_lengths();
    assert!(all.len() > 200, "too few functions found: {}", all.len());
    let run = all
        .iter()
        .find(|(n, _)| n == "app.rs::run")
        .expect("app.rs::run");
    assert!(run.1 > 5 && run.1 <= MAX_LINES, "{run:?}");
}
