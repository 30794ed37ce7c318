//! One fixture per rule, with a snapshot of that rule's edits: when a change to the engine
//! alters what a rule does, the failing snapshot names the rule.
//!
//! A rule's fixture is the folder `tests/rules/<rule name>/`: `raw.txt` (the page, as bytes),
//! and optionally `corrections.tsv` (a user's corrections file), `lossy` and `suggest-shapes`
//! (empty marker files for those options). The snapshot (`tests/snapshots/rules__<rule>.snap`)
//! lists the edits of that rule only, one a line: raw line, applied or suggested, before → after
//! and the reason. Other rules may edit the fixture too; their snapshots are their own.
//!
//! Adding a rule: its registry line, its code, and a fixture folder; run
//! `INSTA_UPDATE=always cargo test -p newsclean_core --test rules`, read the new snapshot, commit it.
//! The test fails for a rule of the registry that has no fixture, and for a fixture on which its
//! rule makes no edit.

use newsclean_core::edit::Confidence;
use newsclean_core::pipeline::{Options, clean_bytes_with};
use newsclean_core::rules::RULES;
use std::path::Path;

/// Rules with no fixture yet, and why: same-sound is only suggested, and in every text tried
/// (`劳洞`, `增涨`) its candidate scored below the suggestion threshold, and a common wrong
/// character (`洞`) is not taken from the page's own vocabulary.
const NO_FIXTURE_YET: &[&str] = &["same-sound"];

fn options(dir: &Path) -> Options {
    let mut opts = Options::default();
    let corrections = dir.join("corrections.tsv");
    if corrections.exists() {
        let text = std::fs::read_to_string(&corrections).unwrap();
        opts.corrections.parse(&text, "corrections.tsv").unwrap();
    }
    opts.lossy = dir.join("lossy").exists();
    opts.suggest_shapes = dir.join("suggest-shapes").exists();
    opts
}

/// The edits one rule makes on its fixture, as the snapshot holds them.
fn edits_of(rule: &newsclean_core::rules::Rule, dir: &Path) -> String {
    let raw = std::fs::read(dir.join("raw.txt")).unwrap_or_else(|e| panic!("rule {}: no fixture {}/raw.txt ({e})", rule.name, dir.display()));
    let cleaned = clean_bytes_with(&raw, &options(dir)).unwrap_or_else(|e| panic!("rule {}: the fixture does not clean: {e}", rule.name));
    let mut out = String::new();
    for e in cleaned.edits.iter().filter(|e| e.rule == rule.id) {
        let conf = match e.confidence {
            Confidence::Applied => "applied",
            Confidence::Suggested => "suggested",
            Confidence::Rejected => "rejected",
        };
        out.push_str(&format!("line {} {conf}: {:?} → {:?} ({})\n", e.line, e.before, e.after, e.reason));
    }
    assert!(!out.is_empty(), "rule {}: its fixture {} makes no edit of this rule", rule.name, dir.display());
    out
}

#[test]
fn every_rule_has_a_fixture_and_its_snapshot_holds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let mut failed = Vec::new();
    for rule in RULES.iter().filter(|r| !NO_FIXTURE_YET.contains(&r.name)) {
        let dir = root.join(rule.name);
        // Run every rule, then report all that failed, so one broken rule does not hide another.
        let result = std::panic::catch_unwind(|| {
            let text = edits_of(rule, &dir);
            insta::with_settings!({ snapshot_suffix => "", prepend_module_to_snapshot => true, description => rule.doc, omit_expression => true }, {
                insta::assert_snapshot!(rule.name, text);
            });
        });
        if result.is_err() {
            failed.push(rule.name);
        }
    }
    assert!(failed.is_empty(), "rules whose fixture or snapshot failed: {failed:?}");
}

/// A fixture folder that names no rule is a typo in its name, or a rule that was removed.
#[test]
fn every_fixture_names_a_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    for entry in std::fs::read_dir(root).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(RULES.iter().any(|r| r.name == name), "tests/rules/{name} names no rule of the registry");
    }
}
