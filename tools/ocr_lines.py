#!/usr/bin/env python3
"""Real OCR errors in sentences: typeset sentences of a corpus, read them back with Tesseract.

usage: ocr_lines.py --source msra|inews|thucnews|... [--n 1000] [--seed 1] [--half a|b]
                    [--correct CHARS] [--out DIR] [--jobs 2]

Sentences of 12-40 characters from a corpus of the cache (tools/CORPORA.md) are set one a
line in Noto Serif or Sans CJK SC at small newsprint sizes (26-34 px at 300 dpi), 30 lines an
image, with scan damage (blur, a downscale, speckles, a little skew); Tesseract `chi_sim`
(`--psm 6`) reads each image back. Each line's reading is aligned with the typeset line.

Writes DIR/sentences.jsonl (one object a line: `gold`, `ocr`, `source`; the spaces Tesseract
puts between CJK characters are dropped, as they are no character error) and
DIR/confusions.tsv (wrong, right, count: the one-for-one substitutions of the alignment, in
lines read with few errors).
`--correct CHARS` also writes DIR/correct.jsonl: paragraphs (`{"text"}`) of the same documents,
about CHARS characters in all, the correct text on which false corrections are counted
(`--n 0` writes only that). DIR defaults to <cache>/ocr_lines/<source>-<half>-<seed>. `--half a|b` keeps only the
documents whose title hash is even or odd, so that one corpus gives two sets that share no
document (calibrate on one, report on the other).

This is the channel model's source and the typo stage's measurement: made from registry
corpora and a real OCR engine, not from any published spelling or OCR test set.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_pages  # noqa: E402

from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

FONT_DIR = "/usr/share/fonts/opentype/noto"
LINES = 30
CJK = re.compile(r"[\u3400-\u9fff]")


def half_docs(source, half):
    """The corpus's documents, or those of one half (by a hash of the title and opening)."""
    for d in gen_pages.load_docs(source):
        h = int(hashlib.sha1((d.get("title", "") + d["text"][:50]).encode()).hexdigest(), 16)
        if not half or (h % 2 == 0) == (half == "a"):
            yield d


def correct(source, half, seed, chars):
    """Paragraphs of about `chars` characters in all, in a seeded order."""
    paras = [p.strip() for d in half_docs(source, half) for p in d["text"].split("\n") if len(CJK.findall(p)) >= 20]
    random.Random(seed).shuffle(paras)
    out, n = [], 0
    for p in paras:
        if n >= chars:
            break
        out.append(p)
        n += len(p)
    return out


def sentences(source, half, seed, n):
    """n sentences of 12-40 characters, mostly Chinese, in a seeded order."""
    out = []
    for d in half_docs(source, half):
        for s in re.findall(r"[^。！？\n]*[。！？]", d["text"].replace("\u3000", "")):
            s = s.strip().replace(" ", "")
            if 12 <= len(s) <= 40 and len(CJK.findall(s)) >= 0.7 * len(s):
                out.append(s)
    random.Random(seed).shuffle(out)
    return out[:n]


def render(lines, rng):
    size = rng.randint(26, 34)
    sans = rng.random() < 0.25
    name = f"Noto{'Sans' if sans else 'Serif'}CJK-{'Regular'}.ttc"
    f = ImageFont.truetype(os.path.join(FONT_DIR, name), size, index=2)
    lh = int(size * 1.6)
    w = 60 + int(max(f.getlength(s) for s in lines)) + 60
    img = Image.new("L", (w, 60 + lh * len(lines) + 60), 255)
    d = ImageDraw.Draw(img)
    ink = rng.randint(0, 60)
    for k, s in enumerate(lines):
        d.text((60, 60 + k * lh), s, font=f, fill=ink)
    # scan damage: skew, blur, a lower resolution, speckles
    img = img.rotate(rng.uniform(-0.4, 0.4), resample=Image.BILINEAR, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.1)))
    scale = rng.uniform(0.55, 0.8)
    small = img.resize((int(img.width * scale), int(img.height * scale)), Image.BILINEAR)
    img = small.resize(img.size, Image.BILINEAR)
    px = img.load()
    for _ in range(int(img.width * img.height * rng.uniform(0.0005, 0.002))):
        x, y = rng.randrange(img.width), rng.randrange(img.height)
        px[x, y] = rng.choice((0, 255))
    return img


def strip_spaces(s):
    # Tesseract puts spaces between CJK characters; they are not character errors
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", s).strip()


def read(job):
    k, lines, seed = job
    rng = random.Random(seed * 100003 + k)
    img = render(lines, rng)
    with tempfile.TemporaryDirectory() as tmp:
        p = os.path.join(tmp, "p.png")
        img.save(p, dpi=(300, 300))
        r = subprocess.run(["tesseract", p, "-", "-l", "chi_sim", "--psm", "6"], capture_output=True, text=True)
    got = [strip_spaces(x) for x in r.stdout.splitlines() if x.strip()]
    return lines, got


def pair_lines(gold, got):
    """Match each typeset line with the read line most like it, in order."""
    out, j = [], 0
    for g in gold:
        best, bj = None, None
        for x in range(j, min(len(got), j + 3)):
            s = Levenshtein.normalized_similarity(g, got[x])
            if best is None or s > best:
                best, bj = s, x
        if best is not None and best >= 0.6:
            out.append((g, got[bj]))
            j = bj + 1
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--half", choices=("a", "b"))
    ap.add_argument("--correct", type=int, default=0)
    ap.add_argument("--out")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    out = a.out or os.path.join(os.path.dirname(gen_pages.cache_dir()), "ocr_lines", f"{a.source}-{a.half or 'all'}-{a.seed}")
    os.makedirs(out, exist_ok=True)
    if a.correct:
        paras = correct(a.source, a.half, a.seed, a.correct)
        with open(os.path.join(out, "correct.jsonl"), "w") as f:
            for p in paras:
                f.write(json.dumps({"text": p}, ensure_ascii=False) + "\n")
        print(f"{out}/correct.jsonl: {len(paras)} paragraphs, {sum(map(len, paras))} characters", file=sys.stderr)
    if a.n == 0:
        return
    sents = sentences(a.source, a.half, a.seed, a.n)
    jobs = [(k, sents[i:i + LINES], a.seed) for k, i in enumerate(range(0, len(sents), LINES))]
    pairs, conf = [], Counter()
    errs = chars = 0
    with concurrent.futures.ProcessPoolExecutor(a.jobs) as ex:
        for gold, got in ex.map(read, jobs):
            for g, o in pair_lines(gold, got):
                pairs.append({"gold": g, "ocr": o, "source": a.source})
                chars += len(g)
                ops = Levenshtein.editops(o, g)
                errs += len(ops)
                # (a line read badly aligns by chance: its substitutions are not counted)
                clean = len(ops) <= max(2, len(g) // 8)
                for op, i, j in ops:
                    if clean and op == "replace" and CJK.match(o[i]) and CJK.match(g[j]):
                        conf[(o[i], g[j])] += 1
    with open(os.path.join(out, "sentences.jsonl"), "w") as f:
        for p in pairs:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "confusions.tsv"), "w") as f:
        for (w, r), c in conf.most_common():
            f.write(f"{w}\t{r}\t{c}\n")
    print(f"{out}: {len(pairs)} of {len(sents)} sentences read, {chars} characters, {errs} character errors "
          f"({errs / max(chars, 1):.1%}), {sum(conf.values())} CJK substitutions, {len(conf)} pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
