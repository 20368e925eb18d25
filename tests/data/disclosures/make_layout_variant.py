# Renders the tab-separated tables of a disclosure as space-aligned text, roughly as
# pdftotext -layout would: each column padded to its width, figures right-aligned, captions
# wrapped in their cells and centred over the columns they span, a form feed at each page
# break (before a 编制部门 line that does not follow a title). With --yuan, the tables' figures
# are converted to whole 元 (x10000, no separators) and their unit lines say 元; with
# --yuan-decimals, to 元 with separators and two decimals ("54,871,600.00"). Columns are as wide
# as the converted figures need; the narrative keeps its 万元.
#
#   python3 make_layout_variant.py changji-hrss-2026-budget.txt changji-as-layout.txt
#   python3 make_layout_variant.py --yuan changji-hrss-2026-budget.txt changji-as-layout-yuan.txt
#   python3 make_layout_variant.py --yuan-decimals changji-hrss-2026-budget.txt \
#       variants/seed-layout-yuan-decimals.txt
import sys, re
args = [a for a in sys.argv[1:] if not a.startswith('--')]
yuan = '--yuan' in sys.argv
yuan_decimals = '--yuan-decimals' in sys.argv


def to_yuan(c):
    if not converting or not re.fullmatch(r'-?[\d,]+\.\d\d', c):
        return c
    v = round(float(c.replace(',', '')) * 10000)
    return f'{v:,.2f}' if yuan_decimals else str(v)
src, dst = args[0], args[1]
lines = open(src, encoding='utf-8').read().split('\n')
for i, l in enumerate(lines):
    if l.startswith('编制部门') and not any(lines[j].endswith('表') for j in range(max(0, i - 3), i)):
        lines[i] = '\f' + l
out = []
i = 0
# The tables of the table set; the grids of the narrative (绩效目标表, 第三部分) keep 万元.
narrative = next((k for k, l in enumerate(lines) if l.startswith('第三部分') and
                  any('\t' in x for x in lines[:k])), len(lines))
converting = False
def isnum(s):
    return re.fullmatch(r'-?[\d,]+(\.\d+)?', s.strip() or 'x') is not None
def clean(s):
    s = s.strip()
    return re.sub(r'(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])', lambda m: ' ' if re.match(r'^\d{3}$', s[:3]) and m.start() == 3 else '', s)
while i < len(lines):
    if '\t' not in lines[i]:
        out.append(lines[i]); i += 1; continue
    converting = (yuan or yuan_decimals) and i < narrative
    block = []
    while i < len(lines) and ('\t' in lines[i] or lines[i].strip() == ''):
        if '\t' in lines[i]:
            block.append(lines[i].split('\t'))
        else:
            block.append(None)
        i += 1
    rows = [b for b in block if b is not None]
    n = max(len(r) for r in rows)
    rows = [[to_yuan(clean(c)) for c in r] + [''] * (n - len(r)) for r in rows]
    # header rows: before the first row with a number
    h = 0
    while h < len(rows) and not any(isnum(c) for c in rows[h] if c) and not (rows[h][0].isdigit()) and rows[h][0] not in ('总计','合计') and not (h > 0 and sum(1 for c in rows[h] if c) == 1):
        h += 1
    width = [0] * n
    for r in rows[h:]:
        for k, c in enumerate(r):
            width[k] = max(width[k], len(c))
    for r in rows[:h]:
        for k, c in enumerate(r):
            width[k] = max(width[k], min(len(c), 6))
    width = [w + 3 for w in width]
    pos = [sum(width[:k]) for k in range(n)]
    def render_header(r, below):
        pieces = []
        k = 0
        while k < n:
            c = r[k]
            if not c:
                k += 1; continue
            e = k + 1
            while e < n and not r[e] and any(b[e] for b in below):
                e += 1
            lo, hi = pos[k], pos[e - 1] + width[e - 1]
            w = max(2, hi - lo - 2)
            chunks = [c[j:j + w] for j in range(0, len(c), w)]
            pieces.append((lo, hi, chunks))
            k = e
        nl = max([len(p[2]) for p in pieces] + [1])
        res = []
        for li in range(nl):
            buf = [' '] * (sum(width) + 10)
            for lo, hi, chunks in pieces:
                # vertically centred like a PDF cell
                off = (nl - len(chunks)) // 2
                if li - off < 0 or li - off >= len(chunks): continue
                c = chunks[li - off]
                start = max(lo, lo + (hi - lo - len(c)) // 2)
                for j, ch in enumerate(c):
                    if start + j < len(buf): buf[start + j] = ch
            res.append(''.join(buf).rstrip())
        return '\n'.join(res)
    bi = 0
    for b in block:
        if b is None:
            out.append(''); continue
        r = rows[bi]
        if bi < h:
            out.append(render_header(r, rows[bi + 1:h]))
        else:
            s = ''
            for k, c in enumerate(r):
                cell = c.rjust(width[k] - 1) + ' ' if isnum(c) and c else c.ljust(width[k])
                s += cell
            out.append(s.rstrip())
        bi += 1
if yuan or yuan_decimals:
    out = [l.replace('单位：万元', '单位：元') if k < narrative else l for k, l in enumerate(out)]
text = '\n'.join(out)
open(dst, 'w', encoding='utf-8').write(text)
