//! Print jieba's segmentation of each argument and its log-probability under jieba's
//! unigram model (a debugging aid): `cargo run --release --example cut -- 文本`.
fn main() {
    let j = newsclean::stages::typos::dict();
    for a in std::env::args().skip(1) {
        let toks: Vec<&str> = j.cut(&a, false).iter().map(|t| t.word).collect();
        let lp: f64 = toks.iter().map(|t| (j.suggest_freq(t) as f64).ln() - 17.91).sum();
        println!("{lp:8.2}  {}", toks.join(" / "));
    }
}
