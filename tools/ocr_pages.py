#!/usr/bin/env python3
"""Typeset articles as newspaper page images and read them back with Tesseract.

usage: ocr_pages.py [--n 20] [--seed 20] [--out DIR] [--jobs 2] [--keep-images]

Pages are A4 at 300 dpi (saved with that dpi in the PNG): 3-5 columns, Noto Serif CJK SC,
justified body lines with two-character indents, a large bold headline over the lead's columns
with its deck and byline, briefs with their own headlines in a side column, photo boxes with
captions, mild scan damage (a small skew, blur, speckles). Tesseract (chi_sim, --psm 3) reads
each page: DIR/raw/<stem>.txt is what it wrote, DIR/gold/<stem>.md the typeset stories in
docs/format.md. DIR defaults to <cache>/ocr (see tools/CORPORA.md); a page already read is not read
again. Aligning Tesseract's text with the typeset text gives real OCR confusions:
<cache>/ocr_confusions.tsv (wrong, right, count) and a summary on standard error.

Needs Pillow, rapidfuzz, tesseract-ocr, tesseract-ocr-chi-sim and fonts-noto-cjk.
"""
import collections
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_pages  # noqa: E402

from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402

FONT_DIR = "/usr/share/fonts/opentype/noto"
SC = 2  # face index of Simplified Chinese in the Noto CJK collections
W, H, DPI = 2480, 3508, 300
MARGIN = 130
SOURCES = ("inews", "msra", "sanguo")


def font(weight, size, sans=False):
    name = f"Noto{'Sans' if sans else 'Serif'}CJK-{weight}.ttc"
    path = os.path.join(FONT_DIR, name)
    if not os.path.exists(path) and weight not in ("Regular", "Bold"):
        # (Medium and the other weights are in fonts-noto-cjk-extra; fonts-noto-cjk has these two)
        path = os.path.join(FONT_DIR, name.replace(weight, "Bold"))
    return ImageFont.truetype(path, size, index=SC)


def cache_root():
    return os.path.dirname(gen_pages.cache_dir())


def char_w(f, ch):
    return f.getlength(ch)


def break_lines(text, f, width, indent):
    """Greedy line breaking by measured width; closing punctuation hangs."""
    lines, cur, w = [], "", indent
    for ch in text:
        cw = char_w(f, ch)
        if w + cw > width and cur and ch not in gen_pages.NO_START:
            lines.append(cur)
            cur, w = "", 0
        cur += ch
        w += cw
    if cur:
        lines.append(cur)
    return lines


class Layout:
    """Columns filled top to bottom; every element asks for a height in one column."""

    def __init__(self, draw, x0, width, ncol, gutter, top, bottom):
        self.d = draw
        self.cols = [(x0 + i * (width + gutter), top) for i in range(ncol)]
        self.width, self.bottom, self.ci = width, bottom, 0
        self.y = top

    def room(self):
        return self.bottom - self.y

    def next_col(self):
        self.ci += 1
        if self.ci >= len(self.cols):
            return False
        self.y = self.cols[self.ci][1]
        return True

    @property
    def x(self):
        return self.cols[self.ci][0]


def draw_justified(d, x, y, line, f, width, indent, last):
    chars = list(line)
    widths = [char_w(f, c) for c in chars]
    total = indent + sum(widths)
    gap = 0 if last or len(chars) < 2 else (width - total) / (len(chars) - 1)
    gap = max(0, min(gap, f.size * 0.6))
    cx = x + indent
    for c, w in zip(chars, widths):
        d.text((cx, y), c, font=f, fill=0)
        cx += w + gap


def set_paragraph(lay, text, f, lead, indent_chars=2):
    """Typeset one paragraph into the column flow; False when the columns are full (nothing of
    the paragraph is then kept: the gold holds only whole paragraphs)."""
    indent = f.size * indent_chars
    lines = break_lines(text, f, lay.width, indent)
    plan, ci, y = [], lay.ci, lay.y
    for i, ln in enumerate(lines):
        if y + lead > lay.bottom:
            ci += 1
            if ci >= len(lay.cols):
                return False
            y = lay.cols[ci][1]
        plan.append((ci, y, ln, indent if i == 0 else 0, i == len(lines) - 1))
        y += lead
    for ci_, y_, ln, ind, last in plan:
        draw_justified(lay.d, lay.cols[ci_][0], y_, ln, f, lay.width, ind, last)
    lay.ci, lay.y = ci, y
    return True


def set_block(lay, lines, f, lead, center=False, space_after=0):
    """Lines that must stay together in one column (headline of a brief, caption)."""
    need = lead * len(lines) + space_after
    if lay.room() < need:
        if not lay.next_col() or lay.room() < need:
            return False
    for ln in lines:
        w = f.getlength(ln)
        x = lay.x + ((lay.width - w) / 2 if center else 0)
        lay.d.text((x, lay.y), ln, font=f, fill=0)
        lay.y += lead
    lay.y += space_after
    return True


def set_photo(lay, r, caption, fcap, lead):
    h = r.randint(6, 10) * lead
    cap_lines = break_lines(caption, fcap, lay.width, 0)
    need = h + len(cap_lines) * int(fcap.size * 1.4) + lead
    if lay.room() < need:
        if not lay.next_col() or lay.room() < need:
            return False
    x, y = lay.x, lay.y
    shade = r.randint(150, 215)
    lay.d.rectangle([x, y, x + lay.width, y + h], fill=shade, outline=60, width=3)
    for _ in range(r.randint(3, 8)):
        cx, cy = r.randint(x, x + lay.width), r.randint(y, y + h)
        rad = r.randint(20, 120)
        lay.d.ellipse([max(x, cx - rad), max(y, cy - rad), min(x + lay.width, cx + rad),
                       min(y + h, cy + rad)], fill=r.randint(80, 240))
    lay.y = y + h + lead // 3
    for ln in cap_lines:
        lay.d.text((x, lay.y), ln, font=fcap, fill=0)
        lay.y += int(fcap.size * 1.4)
    lay.y += lead // 2
    return True


def story_gold(head, blocks):
    out = []
    for k, t in head + blocks:
        pre = {"headline": "# ", "deck": "## ", "section": "### ", "caption": "> "}.get(k, "")
        out.append(pre + t)
    return "\n\n".join(out)


def fit_headline(text, width, maxsize, minsize):
    """A bold headline over the lead's columns: as large as fits, else two lines."""
    size = maxsize
    while size >= minsize:
        f = font("Bold", size)
        if f.getlength(text) <= width:
            return f, [text]
        size -= 6
    f = font("Bold", minsize + 10)
    return f, break_lines(text, f, width, 0)[:2]


def make_page(seed, idx, corpora):
    r = random.Random(f"ocr:{seed}:{idx}")
    gen = gen_pages.Gen(r, corpora)
    source = SOURCES[idx % len(SOURCES)]
    ncol = r.randint(3, 5)
    gutter = 46
    colw = (W - 2 * MARGIN - (ncol - 1) * gutter) // ncol
    cpl = r.randint(13, 18)
    fs = max(28, min(44, int(colw / cpl)))
    body_f = font("Regular", fs)
    lead = int(fs * 1.45)
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    side = ncol >= 4 or r.random() < 0.5
    lead_cols = ncol - 1 if side else ncol
    lead_w = lead_cols * colw + (lead_cols - 1) * gutter
    stories = []

    # the lead: headline, deck and byline over its columns
    lead_st = gen.story(source)
    head = [b for b in lead_st["head"] if b[0] == "headline"]
    decks = [b for b in lead_st["head"] if b[0] == "deck"]
    if not decks and r.random() < 0.6:
        decks = [("deck", "——" + re.sub(r"[ ，]", "", gen.headline())[:18])]
    y = MARGIN
    hf, hlines = fit_headline(head[0][1], lead_w, 150, 70)
    for ln in hlines:
        d.text((MARGIN + (lead_w - hf.getlength(ln)) / 2, y), ln, font=hf, fill=0)
        y += int(hf.size * 1.3)
    head = [("headline", "".join(hlines) if len(hlines) > 1 else head[0][1])]
    for _, t in decks:
        df = font("Medium", max(44, fs + 16))
        d.text((MARGIN + (lead_w - df.getlength(t)) / 2, y), t, font=df, fill=0)
        y += int(df.size * 1.5)
    body = list(lead_st["body"])
    if body and len(body[0][1]) <= 24 and not re.search("[。，]", body[0][1]):
        bf = font("Regular", max(30, fs - 2), sans=True)
        d.text((MARGIN + (lead_w - bf.getlength(body[0][1])) / 2, y), body[0][1], font=bf, fill=0)
        y += int(bf.size * 1.8)
        blocks = [body[0]]
        body = body[1:]
    else:
        blocks = []
    y += lead // 2
    d.line([MARGIN, y, MARGIN + lead_w, y], fill=0, width=3)
    y += lead // 2
    bottom = H - MARGIN
    lay = Layout(d, MARGIN, colw, lead_cols, gutter, y, bottom)
    cap = lead_st["caption"] or ("caption", gen.caption({"blocks": body}))
    cap_at = r.randint(0, max(0, len(body) - 2)) if r.random() < 0.8 else None
    capf = font("Regular", max(26, fs - 6), sans=True)
    sec_f = font("Bold", fs + 4)
    for i, (kind, text) in enumerate(body):
        if kind == "section":
            if not set_block(lay, break_lines(text, sec_f, lay.width, 0), sec_f,
                             int(sec_f.size * 1.6), center=True, space_after=lead // 3):
                break
            blocks.append((kind, text))
            continue
        if not set_paragraph(lay, text, body_f, lead):
            break
        blocks.append((kind, text))
        if i == cap_at and set_photo(lay, r, cap[1], capf, lead):
            blocks.append(cap)
    while blocks and blocks[-1][0] == "section":
        blocks.pop()
    stories.append(story_gold(head + decks, blocks))

    # briefs in the side column, each with its own headline
    if side:
        x0 = MARGIN + lead_cols * (colw + gutter)
        d.line([x0 - gutter // 2, MARGIN, x0 - gutter // 2, H - MARGIN], fill=0, width=2)
        lay = Layout(d, x0, colw, 1, gutter, MARGIN, H - MARGIN)
        bh_f = font("Bold", int(fs * 1.45))
        while lay.room() > 6 * lead:
            b = gen.story(source, brief=True)
            title = b["head"][0][1]
            tl = break_lines(title, bh_f, lay.width, 0)
            if len(tl) > 3 or not set_block(lay, tl, bh_f, int(bh_f.size * 1.3), space_after=lead // 3):
                break
            bb = []
            for kind, text in b["body"]:
                if kind == "section":
                    continue
                if not set_paragraph(lay, text, body_f, lead):
                    break
                bb.append((kind, text))
            if not bb:
                break
            stories.append(story_gold([("headline", "".join(tl))], bb))
            lay.y += lead // 2
            d.line([x0, lay.y, x0 + colw, lay.y], fill=0, width=2)
            lay.y += lead // 2
    # mild scan damage: skew, blur, speckles, uneven paper
    img = img.rotate(r.uniform(-0.5, 0.5), resample=Image.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(r.uniform(0.4, 0.9)))
    px = img.load()
    for _ in range(r.randint(1500, 4000)):
        x, yy = r.randrange(W), r.randrange(H)
        px[x, yy] = r.choice((0, 90, 255))
    meta = {"source": source, "cols": ncol, "chars_per_line": cpl, "font_px": fs}
    return img, "\n\n".join(stories) + "\n", meta


def ocr(png, txt):
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    out = subprocess.run(["tesseract", png, "stdout", "-l", "chi_sim", "--psm", "3", "--dpi", str(DPI)],
                         capture_output=True, text=True, env=env)
    with open(txt + ".part", "w", encoding="utf-8") as f:
        f.write(out.stdout)
    os.replace(txt + ".part", txt)
    return txt


def plain(md):
    return re.sub(r"\s+", "", re.sub(r"(?m)^(#{1,3} |> )", "", md))


def confusions(pairs):
    """Character confusions from aligned (ocr, gold) texts: substitutions of one or two
    characters between matching runs."""
    from rapidfuzz.distance import Levenshtein
    c = collections.Counter()
    for o, g in pairs:
        o, g = plain(o), plain(g)
        for tag, i1, i2, j1, j2 in Levenshtein.opcodes(o, g):
            if tag != "replace":
                continue
            a, b = o[i1:i2], g[j1:j2]
            if len(a) == len(b):
                for x, y in zip(a, b):
                    c[(x, y)] += 1
            elif len(a) <= 2 and len(b) <= 2:
                c[(a, b)] += 1
    return c


def main(argv):
    opt = {"--n": "20", "--seed": "20", "--out": os.path.join(cache_root(), "ocr"), "--jobs": "2"}
    for k in opt:
        if k in argv:
            opt[k] = argv[argv.index(k) + 1]
    n, out = int(opt["--n"]), opt["--out"]
    # pages are cached, but only for the generator that made them: a change to the typesetting
    # or to the generator draws other pages from the same seed
    import hashlib
    h = hashlib.sha256()
    for f in ("gen_pages.py", "ocr_pages.py"):
        h.update(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), f), "rb").read())
    stamp = os.path.join(out, "generator.sha256")
    if not os.path.exists(stamp) or open(stamp).read().strip() != h.hexdigest():
        for sub in ("raw", "gold", "img"):
            shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    for sub in ("raw", "gold", "img"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    with open(stamp, "w") as f:
        f.write(h.hexdigest() + "\n")
    corpora = gen_pages.Corpora()
    jobs = []
    with concurrent.futures.ThreadPoolExecutor(int(opt["--jobs"])) as ex:
        for i in range(n):
            stem = f"ocr-{opt['--seed']}-{i:03d}"
            txt = os.path.join(out, "raw", stem + ".txt")
            gold = os.path.join(out, "gold", stem + ".md")
            if os.path.exists(txt) and os.path.exists(gold):
                continue
            img, md, meta = make_page(opt["--seed"], i, corpora)
            png = os.path.join(out, "img", stem + ".png")
            img.save(png, dpi=(DPI, DPI))
            with open(gold, "w", encoding="utf-8") as f:
                f.write(md)
            jobs.append((ex.submit(ocr, png, txt), png))
        for k, (fut, png) in enumerate(jobs):
            fut.result()
            if "--keep-images" not in argv:
                os.remove(png)
            print(f"ocr {k + 1}/{len(jobs)}", file=sys.stderr)
    pairs = []
    for name in sorted(os.listdir(os.path.join(out, "gold"))):
        stem = name[:-3]
        t = os.path.join(out, "raw", stem + ".txt")
        if os.path.exists(t):
            pairs.append((open(t, encoding="utf-8").read(),
                          open(os.path.join(out, "gold", name), encoding="utf-8").read()))
    c = confusions(pairs)
    path = os.path.join(cache_root(), "ocr_confusions.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("# wrong\tright\tcount (Tesseract chi_sim on tools/ocr_pages.py pages)\n")
        for (a, b), k in c.most_common():
            f.write(f"{a}\t{b}\t{k}\n")
    print(f"{sum(c.values())} substitutions, {len(c)} distinct pairs -> {path}", file=sys.stderr)
    print("top: " + "  ".join(f"{a}→{b} {k}" for (a, b), k in c.most_common(25)), file=sys.stderr)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
