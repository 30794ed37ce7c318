//! Print the generated page for a seed: `cargo run --release --example page -- SEED [clean|raw]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seed: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gold");
    let pages: Vec<String> = std::fs::read_dir(dir).unwrap().flatten().filter(|e| e.path().extension().is_some_and(|x| x == "md")).map(|e| std::fs::read_to_string(e.path()).unwrap()).collect();
    let (clean, raw, d) = newsclean::synth::Pool::from_pages(&pages).page(seed);
    if args.get(2).map(String::as_str) == Some("clean") {
        print!("{clean}");
    } else {
        eprintln!("{d:?}");
        print!("{raw}");
    }
}
