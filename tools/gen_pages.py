#!/usr/bin/env python3
"""Generate raw newspaper pages and their gold cleaned pages from the registry corpora.

usage: gen_pages.py --source NAME --style STYLE --n N [--seed S] --out DIR
       gen_pages.py --list

Writes DIR/raw/<stem>.txt and DIR/gold/<stem>.md (docs/format.md). Dev-only: nothing here is part of
the shipped library. The text comes from the corpora that tools/fetch_corpora.py caches
(sources: inews, msra, thucnews, sanguo, manpages, fortunes); what the pages do with it follows
real papers: bylines as bare names, names run together, 本报驻X记者Y, 新华社记者Y, 本报评论员,
an organisation and title before a name; mostly no dateline, and datelines of every form;
headlines with phrase spaces, ——subtitles, kickers, headlines wider than the column broken
mid-word; sections; captions with credits; sign-offs; numbered paragraphs; several stories a
page (a lead and briefs), some headlines after their bodies, some blocks out of order.

Everything is drawn from random.Random(seed): the same arguments give the same pages.
"""
import json
import os
import random
import re
import sys

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")
STYLES = ("hard", "hard_blank", "noindent", "spaced", "pdf")
SOURCES = ("inews", "msra", "thucnews", "sanguo", "manpages", "fortunes")
END = "。！？”」』…）)"


def cache_dir():
    base = os.environ.get("NEWSCLEAN_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "newsclean")
    return os.path.join(base, "corpora")


def load_docs(name):
    path = os.path.join(cache_dir(), name, "docs.jsonl")
    if not os.path.exists(path):
        raise SystemExit(f"{path} missing: run tools/fetch_corpora.py first")
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def cjk_share(s):
    s = re.sub(r"\s", "", s)
    return len(CJK_RE.findall(s)) / max(1, len(s))


FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
SPACED_RUN = re.compile(f"(?:[{CJK}] ){{3,}}[{CJK}]")


def norm(s):
    """One line as docs/format.md's gold has it: no control characters, single spaces, no
    letter-spacing left from the source's own typesetting, ASCII punctuation inside Chinese
    text made full-width."""
    s = re.sub(r"[\x00-\x1f\x7f\u200b\ufeff]", " ", s)
    s = s.replace("\u3000", " ").replace("\xa0", " ")
    s = re.sub(r" {2,}", " ", s).strip()
    s = SPACED_RUN.sub(lambda m: m.group(0).replace(" ", ""), s)
    s = re.sub(f"(?<=[{CJK}，。：；！？”）]) *([,;:?!]) *", lambda m: FULL[m.group(1)], s)
    s = re.sub(f" *([,;:?!]) *(?=[{CJK}“（])", lambda m: FULL[m.group(1)], s)
    s = re.sub(f"\\(([^()]*[{CJK}][^()]*)\\)", "（\\1）", s)
    s = re.sub(f"(?<=[{CJK}，。、：；！？“”（）]) +(?=[，。、：；！？“”（）])|(?<=[，。、：；！？“”（）]) +(?=[{CJK}])", "", s)
    # (no space between a CJK character and a digit: the real gold pages write `7月26日` where
    # their raw text has `7 月 26 日`, and the web text of the corpora was typed either way)
    s = re.sub(f"(?<=[{CJK}]) +(?=[0-9])|(?<=[0-9]) +(?=[{CJK}])", "", s)
    return s


def trim(s, n):
    """Cut a paragraph after a sentence end near n characters."""
    if len(s) <= n:
        return s
    cut = max(s.rfind(c, 0, n) for c in "。！？")
    return s[:cut + 1] if cut > n // 3 else s[:n].rstrip("，、；：") + "。"


# ---- corpora to articles ------------------------------------------------------------------
# An article: {"title": str, "blocks": [("paragraph"|"section", text)]}

class Corpora:
    def __init__(self):
        self._c = {}

    def get(self, name):
        if name not in self._c:
            self._c[name] = getattr(self, "_load_" + name)()
        return self._c[name]

    def _load_thucnews(self):
        heads = [norm(d["title"]) for d in load_docs("thucnews")]
        return [h for h in heads if 6 <= len(h) <= 30 and cjk_share(h) > 0.6]

    def _load_names(self):
        per, loc = {}, {}
        for d in load_docs("msra"):
            for p in d.get("per", []):
                if 2 <= len(p) <= 3 and cjk_share(p) == 1:
                    per[p] = per.get(p, 0) + 1
            for p in d.get("loc", []):
                if 2 <= len(p) <= 4 and cjk_share(p) == 1:
                    loc[p] = loc.get(p, 0) + 1
        return sorted(per), sorted(x for x in loc if loc[x] >= 3)

    def _load_msra(self):
        """Runs of consecutive sentences (the file is in article order) make articles."""
        sents = [d["text"].replace(" ", "") for d in load_docs("msra")]
        arts, i = [], 0
        r = random.Random(7)
        while i < len(sents):
            n = r.randint(8, 24)
            chunk, i = sents[i:i + n], i + n
            paras, cur = [], ""
            for s in chunk:
                cur += s
                if len(cur) > r.randint(60, 180):
                    paras.append(cur)
                    cur = ""
            if cur:
                paras.append(cur)
            if len(paras) >= 2:
                arts.append({"title": None, "blocks": [("paragraph", p) for p in paras]})
        return arts

    def _load_inews(self):
        arts = []
        for d in load_docs("inews"):
            text = d["text"]
            parts = re.split(r"\\n|\n|\t|\u3000\u3000+| {2,}", text)
            paras = [norm(p) for p in parts]
            paras = [p for p in paras if len(p) >= 4 and cjk_share(p) > 0.7 and "http" not in p]
            if len(paras) < 3 or not d.get("title") or cjk_share(d["title"]) < 0.6:
                continue
            blocks = []
            for k, p in enumerate(paras[:14]):
                if k and len(p) <= 18 and p[-1] not in END + "，、；：" and not p.startswith("原标题"):
                    blocks.append(("section", p))
                else:
                    blocks.append(("paragraph", trim(p, 320)))
            # a section needs body after it
            while blocks and blocks[-1][0] == "section":
                blocks.pop()
            title = re.sub(r"[_＿|｜-]+[^_＿|｜-]*$", "", norm(d["title"])).strip()
            if 5 <= len(title) <= 34 and sum(k == "paragraph" for k, _ in blocks) >= 2:
                arts.append({"title": title, "blocks": blocks})
        return arts

    def _load_sanguo(self):
        arts = []
        for d in load_docs("sanguo"):
            lines = [norm(x) for x in re.split(r"\n+", d["text"])]
            lines = [x for x in lines if x]
            if not lines:
                continue
            head, paras = lines[0], [x for x in lines[1:] if cjk_share(x) > 0.7]
            # each chapter gives several articles: a run of its paragraphs under its heading
            for start in range(0, len(paras), 9):
                chunk = [trim(p, 300) for p in paras[start:start + 9] if len(p) >= 6]
                if len(chunk) >= 2:
                    arts.append({"title": head, "blocks": [("paragraph", p) for p in chunk]})
        return arts

    def _load_manpages(self):
        arts = []
        for d in load_docs("manpages"):
            if d.get("script") != "zh_CN":
                continue
            blocks, cur = [], []
            for line in d["text"].split("\n") + [""]:
                if line.startswith("#") or not line.strip():
                    if cur:
                        p = norm(" ".join(cur))
                        if len(p) >= 6 and cjk_share(p) > 0.5:
                            blocks.append(("paragraph", trim(p, 300)))
                        cur = []
                    if line.startswith("#"):
                        h = norm(line[1:])
                        if h and cjk_share(h) > 0.5 and len(h) <= 16:
                            blocks.append(("section", h))
                    continue
                cur.append(line.strip())
            # drop sections with no body after them
            out = []
            for k, b in enumerate(blocks):
                if b[0] == "section" and (k + 1 == len(blocks) or blocks[k + 1][0] == "section"):
                    continue
                out.append(b)
            if out and out[0][0] == "section":
                out = out[1:]
            title = None
            m = re.search(r"#名[称稱]\n+([^\n]+)", d["text"])
            if m:
                title = norm(re.sub(r"^\S+\s*[-—]+\s*", "", m.group(1)))
            if title and 4 <= len(title) <= 30 and cjk_share(title) > 0.5 \
                    and sum(k == "paragraph" for k, _ in out) >= 2:
                arts.append({"title": title, "blocks": out[:14]})
        return arts

    def _load_fortunes(self):
        arts = []
        for d in load_docs("fortunes"):
            text = d["text"]
            paras = []
            for chunk in re.split(r"\n\s*\n", text):
                lines = [x.strip() for x in chunk.split("\n") if x.strip()]
                if not lines:
                    continue
                # the hard wrap at ~35 characters is undone; a -- attribution stays a line
                body = [x for x in lines if not x.startswith("--")]
                sign = [x for x in lines if x.startswith("--")]
                if body:
                    paras.append(norm("".join(body) if cjk_share("".join(body)) > 0.5 else " ".join(body)))
                for s in sign:
                    paras.append(norm("——" + s.lstrip("- ")))
            paras = [p for p in paras if p]
            if paras and cjk_share(paras[0]) > 0.6 and len(paras[0]) >= 12:
                arts.append({"title": None, "blocks": [("paragraph", trim(p, 300)) for p in paras]})
        return arts


# ---- conventions ---------------------------------------------------------------------------

NUMS = "一二三四五六七八九十"
KICKERS = ["聚焦两会", "特别关注", "民生视点", "今日关注", "深度报道", "专题", "评论",
           "社会新闻", "经济观察", "国际纵横", "文化周刊", "记者调查", "新春走基层"]
ORGS = ["市委宣传部", "县人民医院", "区文化馆", "省教育厅", "市卫生健康委", "县委组织部"]
TITLES = ["主任", "副局长", "党委书记", "科长", "院长", "记者"]


class Gen:
    def __init__(self, rng, corpora):
        self.r = rng
        self.c = corpora
        self.per, self.loc = corpora.get("names")

    def name(self):
        return self.r.choice(self.per)

    def place(self):
        return self.r.choice(self.loc) if self.loc else "北京"

    def date(self):
        return f"{self.r.randint(1, 12)}月{self.r.randint(1, 28)}日"

    def headline(self):
        return self.r.choice(self.c.get("thucnews"))

    def byline(self):
        r, n = self.r, self.name
        forms = [
            lambda: n(),
            lambda: f"{n()} {n()}",
            lambda: f"{n()}{n()}",
            lambda: f"本报记者 {n()}",
            lambda: f"本报记者 {n()} 通讯员 {n()}",
            lambda: f"本报驻{self.place()}记者 {n()}",
            lambda: f"新华社记者 {n()}",
            lambda: f"记者{n()} 通讯员{n()}",
            lambda: "本报评论员",
            lambda: f"{r.choice(ORGS)} {r.choice(TITLES)} {n()}",
            lambda: f"□ 本报记者 {n()}",
        ]
        return r.choice(forms)()

    def dateline(self):
        """None for most stories, as on real pages; otherwise every form."""
        r = self.r
        if r.random() < 0.55:
            return None
        n, p, d = self.name(), self.place(), self.date()
        return r.choice([
            f"本报{p}{d}电 ",
            f"本报{p}{d}电 记者{n}报道：",
            f"新华社{p}{d}电（记者{n}）",
            f"据新华社{p}{d}电（记者{n}）",
            f"本报讯（记者{n}）",
            f"本报讯 ",
            f"【本报讯】",
            f"本报讯（通讯员 {n} 记者 {self.name()}）",
            f"{p}消息：",
        ])

    def signoff(self):
        r = self.r
        return r.choice([f"（{self.name()}）", f"（本报{self.place()}电）", "（完）",
                         f"（据新华社）", f"（本报记者 {self.name()}）",
                         f"图片由{r.choice(ORGS)}提供"])

    def caption(self, art):
        r = self.r
        para = next((t for k, t in art["blocks"] if k == "paragraph" and len(t) > 12), "现场")
        clause = re.split(r"[，。！？；：]", para)[0][:22] or "活动现场"
        credit = r.choice([f"（{self.name()} 摄）", f"（记者 {self.name()} 摄）",
                           f"{self.name()}摄", f"（新华社记者 {self.name()}摄）"])
        return r.choice([f"图为{clause}。{credit}", f"{clause}。{credit}", f"图为{clause}。"])

    def phrase_sections(self, blocks):
        """Section headings of two phrases (`压实责任 把牢方向`), as wide as a headline, made of
        clauses of the section's own first paragraph: real sections share its words."""
        r, out = self.r, []
        for k, (kind, text) in enumerate(blocks):
            if k >= 2 and kind == "paragraph" and k + 1 < len(blocks) and r.random() < 0.3:
                clauses = [c for c in re.split(r"[，。、；：！？“”（）《》\s]", text) if 4 <= len(c) <= 10 and cjk_share(c) == 1]
                if len(clauses) >= 2:
                    out.append(("section", f"{clauses[0]} {clauses[1]}"))
            out.append((kind, text))
        return out

    def story(self, source, brief=False):
        """One story: gold blocks [(kind, text)] and the raw 'head' and 'body' parts."""
        r = self.r
        pool = self.c.get("msra" if source == "thucnews" else source)
        art = r.choice(pool)
        blocks = list(art["blocks"])
        if brief:
            paras = [b for b in blocks if b[0] == "paragraph"][: r.randint(1, 3)]
            blocks = paras
        title = art["title"] if art["title"] and source != "thucnews" else self.headline()
        if source == "sanguo" and r.random() < 0.5:
            title = title.replace("\u3000", " ")
        head = [("headline", title)]
        if not brief:
            x = r.random()
            if x < 0.25:
                head.append(("deck", "——" + re.sub(r"[ ，]", "", self.headline())[:20]))
            elif x < 0.40:
                head.append(("deck", r.choice(KICKERS)))
            elif x < 0.55:
                # a second line of phrases under the headline (`创一流 争第一 干唯一`)
                spaced = [h for h in (self.headline() for _ in range(6)) if " " in h]
                if spaced:
                    head.append(("deck", spaced[0]))
        body = []
        if r.random() < (0.45 if brief else 0.75):
            body.append(("paragraph", self.byline()))
        dl = self.dateline()
        if not brief and r.random() < 0.3:
            blocks = self.phrase_sections(blocks)
        paras = []
        numbered = not brief and r.random() < 0.15
        style = r.choice(["一、", "1．", "（一）"])
        k = 0
        for kind, text in blocks:
            if kind == "paragraph" and numbered and len(text) > 20:
                k += 1
                pre = {"一、": NUMS[(k - 1) % 10] + "、", "1．": f"{k}．",
                       "（一）": f"（{NUMS[(k - 1) % 10]}）"}[style]
                text = pre + text
            paras.append((kind, text))
        if dl and paras and paras[0][0] == "paragraph":
            paras[0] = ("paragraph", dl + paras[0][1])
        body += paras
        caption = None
        if not brief and r.random() < 0.35:
            caption = ("caption", self.caption(art))
        if r.random() < 0.3:
            body.append(("paragraph", self.signoff()))
        return {"head": head, "body": body, "caption": caption}


# ---- rendering -----------------------------------------------------------------------------

NO_START = set("，。、：；！？”’）》」』…—%")


def wrap(text, width, indent):
    """Hard-wrap by characters (an ASCII character counts half) at a column width; closing
    punctuation never starts a line (it hangs at the end of the line before, as typeset)."""
    lines, cur, w = [], indent, len(indent)
    for ch in text:
        cw = 0.5 if ord(ch) < 128 else 1
        if w + cw > width and cur.strip() and ch not in NO_START:
            lines.append(cur)
            cur, w = "", 0
        cur += ch
        w += cw
    if cur.strip():
        lines.append(cur)
    return lines


def letterspace(line, r):
    """Justified/letter-spaced typesetting: spaces between characters, as PDF text shows."""
    out = []
    for ch in line.strip():
        out.append(ch)
        out.append(" " if r.random() < 0.9 else "")
    return "".join(out).strip()


class Page:
    def __init__(self, rng, style):
        self.r = rng
        self.style = style
        self.width = rng.randint(13, 18)
        self.para_blank = rng.random() < 0.5
        self.lines = []
        # per line, what it is: (tag, block kind, story), "" for a blank line; tags are the
        # layout decoder's (P paragraph start, C continuation, H heading start, HC heading
        # continuation, K caption start, KC caption continuation)
        self.tags = []
        self.story = 0

    def blank(self, n=1):
        self.lines.extend([""] * n)
        self.tags.extend([""] * n)

    def add(self, line, tag, kind):
        self.lines.append(line)
        self.tags.append((tag, kind, self.story))

    def body_lines(self, lines, first_tag="P"):
        for k, ln in enumerate(lines):
            self.add(ln, first_tag if k == 0 else "C", "paragraph")
            if self.style == "hard_blank":
                self.blank()

    def para(self, text):
        r, st = self.r, self.style
        if st == "pdf":
            self.add(text, "P", "paragraph")
            self.blank()
            return
        indent = "" if st == "noindent" else r.choice(["\u3000\u3000", "  ", " "])
        lines = wrap(text, self.width, indent)
        for k, ln in enumerate(lines):
            if st == "spaced" and r.random() < 0.3:
                ln = letterspace(ln, r)
            self.add(ln, "P" if k == 0 else "C", "paragraph")
            if st == "hard_blank":
                self.blank()
        if st in ("hard", "spaced") and self.para_blank:
            self.blank()

    def heading(self, text, around, kind="headline"):
        """A headline, deck, section or caption line; wider than the column it is broken
        mid-word."""
        tag = "K" if kind == "caption" else "H"
        self.blank(around)
        col = self.width + self.r.randint(2, 6)
        if len(text) > col and self.r.random() < 0.5:
            cuts = [i for i in range(len(text) // 3, len(text) * 2 // 3 + 1)
                     if CJK_RE.match(text[i - 1]) and CJK_RE.match(text[i])]
            if not cuts:
                self.add(text, tag, kind)
                self.blank(around)
                return
            cut = self.r.choice(cuts)
            self.add(text[:cut], tag, kind)
            self.add(text[cut:], tag + "C", kind)
        else:
            self.add(text, tag, kind)
        self.blank(around)

    def column_breaks(self):
        """Extraction leaves a blank line where a column ends, wherever the column ends: inside
        a paragraph as often as not (the real pages show it). Drawn from a generator of its own
        so that the rest of the page draws as before."""
        if self.style not in ("hard", "spaced", "noindent"):
            return
        r = random.Random(f"columns:{self.width}:{len(self.lines)}:{self.lines[:1]}")
        if r.random() < 0.5:
            return
        col = r.randint(18, 40)
        out, tags, k = [], [], 0
        for ln, t in zip(self.lines, self.tags):
            if ln.strip():
                k += 1
                if k % col == 0 and out and out[-1].strip():
                    out.append("")
                    tags.append("")
            out.append(ln)
            tags.append(t)
        self.lines, self.tags = out, tags

    def text(self):
        s = "\n".join(self.lines)
        s = re.sub(r"\n{4,}", "\n\n\n", s).strip("\n") + "\n"
        return s

    def labels(self):
        """One row per non-blank line of text(): tag, block kind, story."""
        return "".join(f"{t[0]}\t{t[1]}\t{t[2]}\n" for ln, t in zip(self.lines, self.tags) if ln.strip())


def gold_story(st):
    blocks = list(st["head"])
    body = st["body"]
    cap = st["caption"]
    cap_at = st.get("cap_at") if cap else None
    for i, b in enumerate(body):
        blocks.append(b)
        if i == cap_at:
            blocks.append(cap)
    out = []
    for k, t in blocks:
        pre = {"headline": "# ", "deck": "## ", "section": "### ", "caption": "> "}.get(k, "")
        out.append(pre + t)
    return "\n\n".join(out)


def make_page(rng, gen, source, style):
    r = rng
    page = Page(r, style)
    # exactly as many blank lines before a headline as around a caption
    page.around = 0 if style in ("hard_blank",) else r.choice([0, 1, 1, 2])
    if style == "pdf":
        page.around = 1
    n_briefs = r.choice([0, 1, 1, 2, 3])
    lead = gen.story(source)
    briefs = [gen.story(source, brief=True) for _ in range(n_briefs)]
    stories = [lead] + briefs
    for k, st in enumerate(stories):
        st["id"] = k
    # decide caption placement first so render and gold agree
    r_cap = random.Random(r.random())
    for st in stories:
        st["cap_at"] = r_cap.randint(0, max(0, len(st["body"]) - 1)) if st["caption"] else None
    order = list(range(len(stories)))
    # a brief printed before the lead, or inside it, now and then
    interleave = None
    if briefs and r.random() < 0.25:
        interleave = r.randint(1, len(briefs))
    moved_tail = None
    if len(lead["body"]) >= 5 and r.random() < 0.12:
        # a concluding section printed before the story's headline (gold: at the end)
        sec = [i for i, (k, _) in enumerate(lead["body"]) if k == "section"]
        if sec and sec[-1] >= 2:
            moved_tail = sec[-1]
    for idx in order:
        st = stories[idx]
        # render with a fixed rng: caption index comes from st["cap_at"]
        rr = random.Random(r.random())
        st_r = dict(st)
        if idx == 0 and moved_tail is not None:
            tail = {"head": [], "body": st["body"][moved_tail:], "caption": None, "cap_at": None}
            st_r["body"] = st["body"][:moved_tail]
            if st["cap_at"] is not None and st["cap_at"] >= moved_tail:
                st_r["caption"] = None
                st["cap_at"] = None
            _render(page, tail, rr)
            page.blank(2)
        if idx == 0 and interleave:
            b = briefs[interleave - 1]
            mid = max(1, len(st_r["body"]) // 2)
            if len(st_r["body"]) >= 3:
                def put(b=b):
                    page.blank(page.around)
                    _render(page, b, random.Random(r.random()))
                    page.story = 0
                    page.blank(page.around)
                _render(page, st_r, rr, breaks={mid: put})
                b["done"] = True
                continue
        if st.get("done"):
            continue
        _render(page, st_r, rr)
        page.blank(r.choice([1, 2]) if style != "pdf" else 1)
    page.column_breaks()
    gold = "\n\n".join(gold_story(st) for st in stories) + "\n"
    return page.text(), gold, page.labels()


def _render(page, st, r, breaks=None):
    st = dict(st)
    page.story = st.get("id", 0)
    cap_at = st.get("cap_at")
    body = st["body"]
    around = page.around
    head_after = bool(st["head"]) and r.random() < 0.15
    cap = st["caption"]

    def head():
        # a kicker (a column label) stands above or below the headline; a subtitle, dashed or
        # of phrases, below it
        is_kick = lambda k, t: k == "deck" and not t.startswith("——") and " " not in t
        kick = [t for k, t in st["head"] if is_kick(k, t)]
        kick_first = kick and r.random() < 0.5
        if kick_first:
            page.heading(kick[0], around, "deck")
        for k, t in st["head"]:
            if is_kick(k, t):
                continue
            page.heading(t, around, k)
        if kick and not kick_first:
            page.heading(kick[0], around, "deck")

    if st["head"] and not head_after:
        head()
    for i, (kind, text) in enumerate(body):
        if breaks and i in breaks:
            breaks[i]()
        if kind == "section":
            page.heading(text, around, "section")
        elif i == cap_at and cap and len(text) > 2 * page.width and r.random() < 0.6:
            lines = wrap(text, page.width, "")
            cut = r.randint(1, len(lines) - 1)
            first, rest = "".join(lines[:cut]), "".join(lines[cut:])
            indent = "" if page.style == "noindent" else "\u3000\u3000"
            if page.style == "pdf":
                page.add(first, "P", "paragraph")
            else:
                page.body_lines(wrap(first, page.width, indent))
            page.heading(cap[1], around, "caption")
            page.story = st.get("id", 0)
            if page.style == "pdf":
                page.add(rest, "C", "paragraph")
                page.blank()
            else:
                page.body_lines(wrap(rest, page.width, ""), "C")
                if page.style != "noindent":
                    page.blank(r.choice([0, 1]))
        else:
            page.para(text)
            if i == cap_at and cap:
                page.heading(cap[1], around, "caption")
    if st["head"] and head_after:
        page.blank(2)
        head()


def generate(source, style, n, seed, out, corpora=None):
    corpora = corpora or Corpora()
    os.makedirs(os.path.join(out, "raw"), exist_ok=True)
    os.makedirs(os.path.join(out, "gold"), exist_ok=True)
    os.makedirs(os.path.join(out, "labels"), exist_ok=True)
    rng = random.Random(f"{seed}:{source}:{style}")
    gen = Gen(rng, corpora)
    stems = []
    for i in range(n):
        raw, gold, labels = make_page(rng, gen, source, style)
        stem = f"{source}-{style}-{i:03d}"
        with open(os.path.join(out, "raw", stem + ".txt"), "w", encoding="utf-8") as f:
            f.write(raw)
        with open(os.path.join(out, "gold", stem + ".md"), "w", encoding="utf-8") as f:
            f.write(gold)
        with open(os.path.join(out, "labels", stem + ".tsv"), "w", encoding="utf-8") as f:
            f.write(labels)
        stems.append(stem)
    return stems


def main(argv):
    if "--list" in argv:
        print("sources:", " ".join(SOURCES))
        print("styles:", " ".join(STYLES))
        return 0
    opt = {"--n": "5", "--seed": "20", "--source": "msra", "--style": "hard", "--out": "pages"}
    for k in opt:
        if k in argv:
            opt[k] = argv[argv.index(k) + 1]
    sources = SOURCES if opt["--source"] == "all" else opt["--source"].split(",")
    styles = STYLES if opt["--style"] == "all" else opt["--style"].split(",")
    c = Corpora()
    for s in sources:
        for st in styles:
            generate(s, st, int(opt["--n"]), opt["--seed"], opt["--out"], c)
    print(opt["--out"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
