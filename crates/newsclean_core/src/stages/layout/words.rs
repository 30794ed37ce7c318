//! Evidence from the words at a line break: a dictionary word running across it, a line
//! ending on a function word, a quote's attribution, several sentences on one line.

use super::lexicon::lexicon;
use crate::text::is_cjk;

/// Does a dictionary word run across the break between `a` and `b` (`迎` / `接建党` → `迎接`)?
/// That is the surest sign that a sentence continues over a line, column or caption break.
pub fn bridges(a: &[char], b: &[char]) -> bool {
    let j = crate::dict::dict();
    let left = &a[a.len().saturating_sub(2)..];
    let right = &b[..b.len().min(2)];
    if !left.last().is_some_and(|&c| is_cjk(c)) || !right.first().is_some_and(|&c| is_cjk(c)) {
        return false;
    }
    let mut w = [' '; 4];
    let any = (1..=left.len()).any(|l| {
        (1..=right.len()).any(|r| {
            w[..l].copy_from_slice(&left[left.len() - l..]);
            w[l..l + r].copy_from_slice(&right[..r]);
            w[..l + r].iter().all(|&c| is_cjk(c)) && j.has_chars(&w[..l + r])
        })
    });
    if !any {
        return false;
    }
    // a word that could run across is not enough when both sides read as whole words
    // (`有奔头` / `人才是`: `头人` is a word, but the text reads `奔头` `人才`): the segmenter
    // must put a word across the break
    let l = a.iter().rev().take(4).take_while(|&&c| is_cjk(c)).count();
    let r = b.iter().take(4).take_while(|&&c| is_cjk(c)).count();
    let mut window = [' '; 8];
    window[..l].copy_from_slice(&a[a.len() - l..]);
    window[l..l + r].copy_from_slice(&b[..r]);
    j.spans(&window[..l + r]).iter().any(|&(x, y)| x < l && y > l)
}

/// Where the dateline mark (`电`, `讯`) stands in the text, if it has one: a dateline without
/// it is broken before it (`新华社贵阳10月` / `8日电`).
pub fn dateline_mark(t: &[char]) -> Option<usize> {
    t.iter().position(|&c| matches!(c, '电' | '讯'))
}

/// Does the text end on a photo credit (`……（本报记者唐浩然摄）`)? A caption ends there.
pub fn ends_on_credit(t: &[char]) -> bool {
    lexicon().is_photo_credit_end(t.iter().rev().find(|&&c| !matches!(c, '）' | ')')).copied())
}

/// Does the line carry a credit word of a byline (`记者`, `通讯员`, `本报评论员`, `摄`)?
pub fn has_credit(t: &[char]) -> bool {
    lexicon().credits.iter().any(|c| t.windows(c.len()).any(|w| w == c.as_slice()))
}

/// Does the text hold more than one sentence (a terminal mark, then, past closing quotes,
/// more CJK text)?
pub fn several_sentences(t: &[char]) -> bool {
    (0..t.len()).any(|i| {
        crate::text::is_terminal(t[i]) && {
            let mut k = i + 1;
            while k < t.len() && crate::text::is_close(t[k]) {
                k += 1;
            }
            k < t.len() && (is_cjk(t[k]) || t[k] == '“')
        }
    })
}

/// Is the line the attribution of a quote before it (`市民高峰说。`, `龙大伯乐呵呵地说。`): one
/// short clause that ends on a verb of saying. In Chinese news a quote is followed by its
/// speaker in the same paragraph: `“……。”某某说。`
pub fn is_attribution(t: &[char]) -> bool {
    // (the line's first clause: `带队巡堤的白沙村村委会主任李长江说。他已经……`,
    // `策展人、省博物馆研究馆员许文涛介绍，展览……`; but `据介绍，` opens a paragraph)
    let Some(end) = t.iter().position(|&c| matches!(c, '。' | '，')) else { return false };
    let clause = &t[..end];
    clause.len() <= 24 && t.first() != Some(&'据') && lexicon().sayings.iter().any(|v| clause.ends_with(v)) && !clause.iter().any(|&c| matches!(c, '“' | '”' | '；' | '：'))
}

/// Does the text end on a function word standing alone (`……工作的`, `……推进和`), rather than
/// on a word that merely ends in the same character (`目的`, `参与`, `方向`)?
pub fn ends_on_particle(t: &[char]) -> bool {
    let n = t.len();
    if n < 2 || !lexicon().particles.contains(&t[n - 1]) {
        return false;
    }
    let j = crate::dict::dict();
    let word = |k: usize| n > k && t[n - 1 - k..].iter().all(|&c| is_cjk(c)) && j.has_chars(&t[n - 1 - k..]);
    !(word(1) || word(2) || word(3))
}

#[cfg(test)]
mod tests {
    use super::*;
    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
    }
    #[test]
    fn a_word_runs_across_a_break_only_where_the_text_reads_it() {
        assert!(bridges(&v("以优异成绩迎"), &v("接建党100周年")));
        // `头人` is a word, but the text reads `奔头` `人才`
        assert!(!bridges(&v("技能人才有奔头"), &v("人才是企业转型的关键")));
    }
    #[test]
    fn a_quote_keeps_its_attribution() {
        assert!(is_attribution(&v("带着女儿参赛的市民高峰说。")));
        assert!(is_attribution(&v("郑立新说，团队希望通过这样的活动")));
        assert!(!is_attribution(&v("据介绍，联赛采取主客场制。")));
        assert!(!is_attribution(&v("比赛不设奖金。")));
    }
    #[test]
    fn particles_and_sentences() {
        assert!(ends_on_particle(&v("党建工作是一切工作的")));
        assert!(!ends_on_particle(&v("达到目的")));
        assert!(several_sentences(&v("好。他说")));
        assert!(!several_sentences(&v("好。”")));
    }
}
