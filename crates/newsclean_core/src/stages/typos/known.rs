//! Rule `known-misspelling`: words that are misspelt the same way again and again.
//!
//! Some errors are real characters in a wrong but plausible place (`按步就班` for `按部就班`,
//! `竟争` for `竞争`, `生活分析仪` for `生化分析仪`): the shape and sound rules cannot see
//! them, because the wrong character often makes a word of its own. Like the word lists of
//! crate-ci/typos, `data/misspellings.tsv` lists them, `wrong → right`, each line with where it
//! comes from. A match is corrected only where no dictionary word runs across its ends, so
//! `竟争` inside `毕竟争取` is left alone. The user's corrections file runs before it and wins.

use crate::stages::corrections::{Corrections, Kind};
use std::sync::OnceLock;

/// The compiled-in table.
const TABLE: &str = include_str!("../../../data/misspellings.tsv");

/// The known misspellings, parsed once.
pub fn known() -> &'static Corrections {
    static KNOWN: OnceLock<Corrections> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let mut c = Corrections::of_kind(Kind::Known);
        c.parse(TABLE, "data/misspellings.tsv").expect("data/misspellings.tsv is checked by its tests");
        c
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;
    use crate::rules::RuleId;

    fn fix(s: &str) -> (String, Vec<crate::edit::Edit>) {
        let mut t = Text::from_plain(s);
        let mut e = Vec::new();
        let mut keep = vec![false; t.len()];
        known().apply_into(&mut t, &crate::decisions::Gate::none(), &mut e, &mut keep);
        (t.as_string(), e)
    }

    #[test]
    fn the_table_parses_and_every_line_changes_something() {
        assert!(known().len() > 50);
        for (k, line) in TABLE.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert!(cols.len() == 2 && cols[0] != cols[1], "data/misspellings.tsv:{}: {line}", k + 1);
            assert_eq!(cols[0].chars().count(), cols[1].chars().count(), "data/misspellings.tsv:{}: same length", k + 1);
        }
    }

    #[test]
    fn corrects_with_its_source() {
        let (t, e) = fix("为乡镇卫生院配备了彩超、生活分析仪等设施，工作按步就班");
        assert_eq!(t, "为乡镇卫生院配备了彩超、生化分析仪等设施，工作按部就班");
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].rule, RuleId::KnownMisspelling);
        assert!(e[0].reason.contains("data/misspellings.tsv:"), "{}", e[0].reason);
    }

    #[test]
    fn not_across_the_edges_of_words() {
        for ok in ["毕竟争取到了资金", "市场竞争激烈"] {
            assert_eq!(fix(ok).0, ok, "{ok}");
        }
        assert_eq!(fix("市场竟争激烈").0, "市场竞争激烈");
    }
}
