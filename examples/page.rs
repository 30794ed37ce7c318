//! Print the generated page for a seed: `cargo run --release --example page -- SEED [clean|raw] [gold|stories|all]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seed: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let fx = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dirs = match args.get(3).map(String::as_str) {
        Some("gold") => vec![fx.join("gold")],
        Some("stories") => vec![fx.join("stories")],
        _ => vec![fx.join("gold"), fx.join("stories")],
    };
    let (clean, raw, d) = newsclean::synth::Pool::from_dirs(&dirs).expect("reading the clean pages").page(seed);
    if args.get(2).map(String::as_str) == Some("clean") {
        print!("{clean}");
    } else {
        eprintln!("{d:?}");
        print!("{raw}");
    }
}
