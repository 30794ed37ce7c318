#!/usr/bin/env python3
"""Sample text from SunPinyin's word bigram model, for the character counts of data/lm/chars.tsv.

usage: sample_sunpinyin.py [--words 20000000] [--seed 1] [--out FILE]

The open-gram language model of Debian's `sunpinyin-data` (0.1.22+20170109-2; CC BY-SA 3.0
Unported, (c) MDBG, Kov Chai, virus huo, Tinyfool; a back-off word trigram of 71,759 words over
a large general corpus) is the largest Chinese context model in the registries we may use.
Its word ids are dumped with `tslminfo -v` from `sunpinyin-utils` (run from the unpacked
package with `libsunpinyin3v5`, nothing installed) and named by the string table of
`pydict_sc.bin` (u32 word count, u32 node count, u32 string offset, then NUL-terminated UCS-4
strings: string i is word i; ids below 70 are special tokens). Words are then drawn from its
bigrams (backing off to the unigrams with the remaining mass), a line ending after 12 words or
at random: text whose character trigrams carry what the word model knows of which words follow
which. tools/make_lm.py counts it (`--sampled FILE`). The counts made from it are an adaptation
of the model and are CC BY-SA 3.0, as data/lm/chars.tsv says.

Packages are fetched with `apt-get download` into <cache>/sunpinyin (tools/CORPORA.md), once.
"""
import argparse
import bisect
import collections
import math
import os
import random
import re
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_pages  # noqa: E402

PACKAGES = ("sunpinyin-data", "sunpinyin-utils", "libsunpinyin3v5")
CJK = re.compile(r"^[\u4e00-\u9fff]+$")


def fetch(root):
    os.makedirs(root, exist_ok=True)
    unpacked = os.path.join(root, "root")
    if not os.path.isdir(unpacked):
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=root, check=True)
        for f in sorted(os.listdir(root)):
            if f.endswith(".deb"):
                subprocess.run(["dpkg-deb", "-x", os.path.join(root, f), unpacked], check=True)
    return unpacked


def lexicon(pydict):
    data = open(pydict, "rb").read()
    wc, _, so = struct.unpack_from("<3I", data, 0)
    u = struct.unpack_from(f"<{(len(data) - so) // 4}I", data, so)
    words, pos = {}, 0
    for i in range(wc):
        s = []
        while pos < len(u) and u[pos] != 0:
            s.append(chr(u[pos]))
            pos += 1
        pos += 1
        words[i] = "".join(s)
    return words


def model(unpacked):
    """Unigram log-probabilities and, per word, its bigram successors (ln P), CJK words only."""
    lib = os.path.join(unpacked, "usr", "lib", "x86_64-linux-gnu")
    data = os.path.join(lib, "sunpinyin", "data")
    lex = lexicon(os.path.join(data, "pydict_sc.bin"))
    env = dict(os.environ, LD_LIBRARY_PATH=lib)
    p = subprocess.Popen([os.path.join(unpacked, "usr", "bin", "tslminfo"), "-v", os.path.join(data, "lm_sc.t3g")], stdout=subprocess.PIPE, text=True, env=env)
    uni, succ, level = {}, collections.defaultdict(list), 0
    for line in p.stdout:
        if line.startswith("\\"):
            level = int(line[1])
            if level == 3:
                break
            continue
        t = line.split()
        if level == 1:
            w = lex.get(int(t[0]), "")
            if CJK.match(w):
                uni[w] = -float(t[1])
        elif level == 2:
            a, b = lex.get(int(t[0]), ""), lex.get(int(t[1]), "")
            if CJK.match(a) and CJK.match(b):
                succ[a].append((b, -float(t[2])))
    p.kill()
    return uni, succ


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=20_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out")
    a = ap.parse_args()
    root = os.path.join(os.path.dirname(gen_pages.cache_dir()), "sunpinyin")
    out = a.out or os.path.join(root, f"sampled-{a.words}-{a.seed}.txt")
    uni, succ = model(fetch(root))
    rng = random.Random(a.seed)
    ws = sorted(uni)
    ucum, s = [], 0.0
    for w in ws:
        s += math.exp(uni[w])
        ucum.append(s)
    tabs = {}
    for w, v in succ.items():
        cum, t = [], 0.0
        for _, lp in v:
            t += math.exp(lp)
            cum.append(t)
        tabs[w] = ([x for x, _ in v], cum, t)
    draw = lambda: ws[min(bisect.bisect(ucum, rng.random() * s), len(ws) - 1)]  # noqa: E731
    w, line = draw(), []
    with open(out, "w", encoding="utf-8") as f:
        for _ in range(a.words):
            t, r = tabs.get(w), rng.random()
            w = t[0][min(bisect.bisect(t[1], r), len(t[0]) - 1)] if t and r < t[2] else draw()
            line.append(w)
            if len(line) >= 12 or rng.random() < 0.08:
                f.write("".join(line) + "\n")
                line = []
    print(f"{out}: {a.words} words sampled from {len(uni)} words, {sum(map(len, succ.values()))} bigrams", file=sys.stderr)


if __name__ == "__main__":
    main()
