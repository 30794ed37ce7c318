//! Dump the layout decoder's evidence for raw pages: what it read on every line, the tag it
//! chose, by how much, and the features that decided it.
//!
//! `cargo run --release --example layout_candidates -- PAGE.txt...` prints, per line:
//! raw line number, chosen tag, runner-up and margin, the strongest evidence, and the text.
//! `-- --features PAGE.txt...` prints the feature table as TSV for `tools/fit_layout.py`:
//! `file  line  allowed-tags-bits  feature:value ...` (feature indices into the `#names` row printed first).

use newsclean::stages::layout;
use newsclean::stages::reflow;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let features = args.iter().any(|a| a == "--features");
    // `--boundaries` (with NEWSCLEAN_DUMP_BOUNDARIES=1 in the environment): clean each page
    // with the story-boundary evidence dumped (to stderr, one `BOUNDARY` row per heading read
    // between two runs of body text, after a `#file` row)
    if args.iter().any(|a| a == "--boundaries") {
        for f in args.iter().filter(|a| !a.starts_with("--")) {
            eprintln!("#file\t{f}");
            let bytes = std::fs::read(f).unwrap_or_default();
            let _ = newsclean::clean_bytes(&bytes);
        }
        return;
    }
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if files.is_empty() {
        eprintln!("usage: layout_candidates [--features] PAGE.txt...");
        std::process::exit(2);
    }
    if features {
        println!("#names\t{}", layout::features::names().join("\t"));
    }
    let w = layout::weights();
    for f in files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{f}: {e}");
                std::process::exit(1);
            }
        };
        let raw = match newsclean::stages::decode::decode(&bytes) {
            Ok(d) => d.text,
            Err(e) => {
                eprintln!("{f}: {e}");
                std::process::exit(1);
            }
        };
        let x = reflow::explain(&raw);
        let d = &x.decoded;
        if features {
            let page = format!("width={} double={} per_line={} indented={}", x.facts.width, x.facts.double as u8, x.facts.per_line as u8, x.facts.indented as u8);
            println!("#page\t{f}\t{page}");
            for (i, (no, _)) in x.lines.iter().enumerate() {
                let row: Vec<String> = d.rows[i].iter().map(|(k, v)| if *v == 1.0 { k.to_string() } else { format!("{k}:{v}") }).collect();
                println!("{f}\t{no}\t{}\t{}", x.allowed[i], row.join(" "));
            }
            continue;
        }
        println!("== {f}  (column {:.1}, double {}, one paragraph per line {}, indented {})", x.facts.width, x.facts.double, x.facts.per_line, x.facts.indented);
        for (i, (no, text)) in x.lines.iter().enumerate() {
            println!("{no:>5} {:<2} {:<50} | {text}", d.tags[i].code(), layout::reason(d, i, w));
        }
    }
}
