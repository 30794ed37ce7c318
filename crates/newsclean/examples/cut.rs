//! Print the segmentation of each argument and its log-probability under the dictionary's
//! unigram model (a debugging aid): `cargo run --release --example cut -- 文本`.
fn main() {
    let d = newsclean::dict::dict();
    for a in std::env::args().skip(1) {
        let chars: Vec<char> = a.chars().collect();
        println!("{:8.2}  {}", d.score(&chars), d.cut(&a).join(" / "));
    }
}
