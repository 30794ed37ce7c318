//! Print the generated page for a seed: `cargo run --release --example page -- SEED [clean|raw] [gold|stories|all]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seed: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let dirs = newsclean_synth::Pool::fixture_dirs(args.get(3).map(String::as_str).unwrap_or("all"));
    let (clean, raw, d) = newsclean_synth::Pool::from_dirs(&dirs).expect("reading the clean pages").page(seed);
    if args.get(2).map(String::as_str) == Some("clean") {
        print!("{clean}");
    } else {
        eprintln!("{d:?}");
        print!("{raw}");
    }
}
