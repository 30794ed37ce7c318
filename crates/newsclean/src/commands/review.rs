//! `newsclean review`: the interactive review, or the reports when there is no terminal.

use super::{RuleOpts, existing, load_options_from, locked};
use crate::exit::{EXIT_FATAL, EXIT_OK};
use crate::store::Store;
use crate::walk::shown;
use std::io::Write;
use std::path::Path;

/// `newsclean review`: the pending pages edit by edit in a terminal ([`crate::review`]).
/// Without a terminal it prints the pending pages' reports and changes nothing.
pub fn review(out: &Path, rules: &RuleOpts, color: crate::term::ColorChoice) -> i32 {
    use std::io::IsTerminal;
    let options = match load_options_from(rules, Some(&Store::new(out))).map(|(o, _)| o) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("newsclean: {e:#}");
            return EXIT_FATAL;
        }
    };
    let store = Store::new(out);
    if let Err(code) = existing(&store) {
        return code;
    }
    let pal = crate::term::Palette::new(color);
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        let mut so = std::io::stdout().lock();
        let mut pending = store.pending().peekable();
        if pending.peek().is_none() {
            let _ = writeln!(so, "no pending pages in {}", out.display());
        }
        for rel in pending {
            match std::fs::read_to_string(store.report_path(&rel)) {
                Ok(r) => {
                    let _ = writeln!(so, "{r}");
                }
                Err(e) => eprintln!("newsclean: {}: no report: {e}", shown(&rel)),
            }
        }
        let _ = writeln!(so, "(not a terminal: nothing was accepted or rejected; run `newsclean review` in a terminal, or `newsclean accept`)");
        return EXIT_OK;
    }
    let _lock = match locked(&store) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let mut session = crate::review::Session::new(&store, &options, pal);
    let res = crate::review::in_terminal(|key, w| session.run(key, w));
    match res {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("newsclean: {e:#}");
            EXIT_FATAL
        }
    }
}
