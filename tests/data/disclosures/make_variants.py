# Derives layout variants of real disclosures, so that the reader and `suan check` are tested on
# layouts the bundled documents do not show: tables in another order, figures in 元, other
# caption wordings, codes in one column or split in 类/款/项, tables broken over pages with and
# without their header, a table missing, an unknown table added, full-width digits in the
# text, CRLF/BOM/form feeds/tabs, and the two table sets (12-table 预算, 9-table 决算) in the
# other region's conventions.
#
#   /usr/bin/python3 make_variants.py        (writes variants/*.txt next to this script)
#
# Every variant starts from the seed (changji-hrss-2026-budget.txt: tab-separated, 万元, codes
# split in 类/款/项, tables numbered 表 N) or from sample 01 (01_putuo_caizhengju_2024_final.txt:
# pdftotext -layout, 万元, tables titled but not numbered). variants/README.md lists them and
# what `suan check` should make of each; tests/model/variants_test.cpp checks that it does.
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'variants')


def read(name):
    with open(os.path.join(HERE, name), encoding='utf-8') as f:
        return f.read().split('\n')


def write(name, lines, newline='\n', bom=False):
    os.makedirs(OUT, exist_ok=True)
    text = newline.join(lines)
    data = ('\ufeff' if bom else '') + text
    with open(os.path.join(OUT, name), 'w', encoding='utf-8', newline='') as f:
        f.write(data)


# --- Documents as blocks ------------------------------------------------------------------

class Doc:
    """head lines, table blocks (each a list of lines, in printed order), tail lines."""

    def __init__(self, head, tables, tail, kind):
        self.head, self.tables, self.tail, self.kind = head, tables, tail, kind

    def lines(self):
        out = list(self.head)
        for t in self.tables:
            out += t
        return out + self.tail

    def copy(self):
        return Doc(list(self.head), [list(t) for t in self.tables], list(self.tail), self.kind)


def seed_doc():
    lines = read('changji-hrss-2026-budget.txt')
    starts = [i for i, l in enumerate(lines) if re.fullmatch(r'表 \d+', l.strip())]
    end = next(i for i, l in enumerate(lines) if i > starts[-1] and l.startswith('第三部分'))
    tables = [lines[a:b] for a, b in zip(starts, starts[1:] + [end])]
    return Doc(lines[:starts[0]], tables, lines[end:], 'tab')


LAYOUT_TITLES = ['收入支出决算总表', '收入决算表', '支出决算表', '财政拨款收入支出决算总表',
                 '一般公共预算财政拨款支出决算表', '一般公共预算财政拨款基本支出决算表',
                 '财政拨款“三公”经费支出决算表', '政府性基金预算财政拨款收入支出决算表',
                 '国有资本经营预算财政拨款收入支出决算表']


def layout_doc(name='01_putuo_caizhengju_2024_final.txt'):
    lines = read(name)
    # The tables come after the contents (which end with 第三部分 …).
    part2 = next(i for i, l in enumerate(lines) if '第三部分' in l)
    starts = []
    for title in LAYOUT_TITLES:
        starts.append(next(i for i, l in enumerate(lines)
                           if i > part2 and l.replace('\f', '').strip() == title))
    end = next(i for i, l in enumerate(lines) if i > starts[-1] and '第三部分' in l)
    tables = [lines[a:b] for a, b in zip(starts, starts[1:] + [end])]
    return Doc(lines[:starts[0]], tables, lines[end:], 'layout')


# --- Figures ----------------------------------------------------------------------------------

FIGURE = re.compile(r'(?<![\d.,])-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d\d(?![\d%])')


def yuan_text(m, separators):
    v = round(float(m.group(0).replace(',', '')) * 10000)
    return f'{v:,.2f}' if separators else str(v)


def to_yuan(doc, separators=True):
    """Table figures x10000 (万元 -> 元); the text keeps its 万元 (as Shanghai publishes)."""
    fn = lambda m: yuan_text(m, separators)
    for k, t in enumerate(doc.tables):
        t = [l.replace('单位：万元', '单位：元') for l in t]
        if doc.kind == 'tab':
            t = [FIGURE.sub(fn, l) for l in t]
        else:
            t = [replace_right_aligned(l, fn) for l in t]
        doc.tables[k] = t
    return doc


def replace_right_aligned(line, fn):
    """Replaces each figure keeping its right edge, taking the room from the spaces on its left
    (two stay); where there is not enough room, the rest of the line moves right."""
    out = line
    for m in reversed(list(FIGURE.finditer(line))):
        new = fn(m).rjust(m.end() - m.start())
        a, b = m.start(), m.end()
        spaces = 0
        while a - spaces - 1 >= 0 and out[a - spaces - 1] == ' ':
            spaces += 1
        take = max(0, min(len(new) - (b - a), spaces - 2))
        out = out[:a - take] + new + out[b:]
    return out


FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in '0123456789.%'}


def fullwidth_narrative(doc):
    """Digits, '.' and '%' of the text after the tables in full width; thousands separators
    become '，' (as a word processor set in full width prints them)."""
    def fw(m):
        s = m.group(0).replace(',', '，')
        return ''.join(FULLWIDTH.get(c, c) for c in s)
    doc.tail = [re.sub(r'\d[\d,]*(?:\.\d+)?%?', fw, l) for l in doc.tail]
    return doc


# --- Tab tables -------------------------------------------------------------------------------

def is_code_part(c):
    return re.fullmatch(r'\d{3}|\d{2}', c.strip()) is not None


def join_codes_tab(doc):
    """类 | 款 | 项 columns become one 科目编码 column holding 2080101."""
    for t in doc.tables:
        if not any(l.startswith('类\t款\t项') for l in t):
            continue
        for i, l in enumerate(t):
            c = l.split('\t')
            if len(c) < 4:
                continue
            head = [x.strip() for x in c[:3]]
            if head == ['类', '款', '项']:
                first = ''
            elif all(is_code_part(x) or x == '' for x in head):
                first = ''.join(head)
            else:
                first = ''.join(head).replace('科目代码', '科目编码')
            t[i] = '\t'.join([first] + c[3:])
    return doc


def tab_header(t):
    """The header rows of a tab table: tab lines before the first one with a figure."""
    rows = []
    for l in t:
        if '\t' not in l:
            continue
        if FIGURE.search(l) or re.match(r'\d{3}\t', l) or l.split('\t')[0].strip() in ('总计', '合计'):
            break
        rows.append(l)
    return rows


def page_break_tab(doc, number, after_rows, repeat):
    """Breaks 表`number` after its `after_rows`-th row: a form feed, and the 编制部门/单位 lines
    and header rows again when `repeat`."""
    t = doc.tables[number - 1]
    header = tab_header(t)
    org = next(x for x in t if x.startswith('编制部门'))
    rows = [i for i, l in enumerate(t) if '\t' in l and l not in header]
    at = rows[after_rows]
    if repeat:
        t[at:at] = ['\f' + org, '', '单位：万元', ''] + header
    else:
        t[at] = '\f' + t[at]
    return doc


def drop_repeated_headers_tab(doc):
    """Page breaks without their repeated header: the 编制部门/单位 lines and header rows that
    follow a table's first rows are removed, leaving a form feed."""
    for t in doc.tables:
        header = tab_header(t)
        first_body = None
        out = []
        i = 0
        while i < len(t):
            l = t[i]
            if first_body is None and '\t' in l and l not in header:
                first_body = i
            if first_body is not None and l.startswith('编制部门'):
                # skip 编制部门, blank, 单位, blank and the header rows
                j = i + 1
                while j < len(t) and (t[j].strip() == '' or t[j].startswith('单位') or t[j] in header):
                    j += 1
                if j < len(t):
                    t[j] = '\f' + t[j]
                i = j
                continue
            out.append(l)
            i += 1
        t[:] = out
    return doc


def crlf_bom_tabs_tab(doc):
    """Cells padded with spaces around their tabs, a stray form feed inside the text."""
    for t in doc.tables:
        for i, l in enumerate(t):
            if '\t' in l and i % 3 == 0:
                t[i] = l.replace('\t', ' \t  ')
    doc.tail = ['\f' + l if k % 40 == 5 else l for k, l in enumerate(doc.tail)]
    return doc


# --- Layout tables ----------------------------------------------------------------------------

CODE_SPLIT = re.compile(r'^(\f?)(\d{3})(?:( +)(\d{2}))?(?:( +)(\d{2}))?( +)(?=\S)')


def join_codes_layout(doc):
    """'201   06   01   行政运行' -> '2010601         行政运行' (same width); the 类 款 项 caption
    line becomes 科目编码."""
    for t in doc.tables:
        if '基本支出' in t[0]:  # economic codes (类 款 of 301 01) stay as printed
            continue
        for i, l in enumerate(t):
            stripped = l.replace('\f', '').strip()
            if re.fullmatch(r'类 +款 +项', stripped):
                ff = '\f' if l.startswith('\f') else ''
                t[i] = ff + '科目编码'
                continue
            m = CODE_SPLIT.match(l)
            if not m:
                continue
            code = m.group(2) + (m.group(4) or '') + (m.group(6) or '')
            width = m.end() - len(m.group(1))
            t[i] = m.group(1) + code.ljust(width) + l[m.end():]
    return doc


def page_break_layout(doc, title, after_rows, repeat):
    """Breaks the table at its `after_rows`-th coded row; with `repeat`, the title and header
    lines are printed again (with （续）), as a PDF with repeated header rows does."""
    t = next(t for t in doc.tables if t[0].replace('\f', '').strip() == title)
    body = [i for i, l in enumerate(t) if CODE_SPLIT.match(l) or re.match(r'\d{7} ', l)]
    at = body[after_rows]
    if not repeat:
        t[at] = '\f' + t[at]
        return doc
    first = body[0]
    header = [l.replace('\f', '') for l in t[1:first]]
    title_line = t[0].replace('\f', '').rstrip() + '（续）'
    t[at:at] = ['\f' + title_line] + header
    return doc


def tabs_in_layout(doc):
    """Every other line of the text with its runs of spaces as tabs."""
    doc.tail = [tabify(l) if k % 2 == 0 else l for k, l in enumerate(doc.tail)]
    return doc


# --- Variants -----------------------------------------------------------------------------

def seed_renumbered(doc, order):
    """Tables printed in `order` (old numbers), numbered again 1.. in that order, the contents
    list following."""
    tables = [doc.tables[n - 1] for n in order]
    for k, t in enumerate(tables):
        t[0] = f'表 {k + 1}'
    doc.tables = tables
    names = '一二三四五六七八九十'
    def cn(n):
        return names[n - 1] if n <= 10 else '十' + names[n - 11]
    items = [i for i, l in enumerate(doc.head) if re.match(r'- [一二三四五六七八九十]+、 .*表$', l)]
    titles = [doc.head[i].split('、', 1)[1].strip() for i in items]
    for k, i in enumerate(items):
        doc.head[i] = f'- {cn(k + 1)}、 {titles[order[k] - 1]}'
    return doc


EXTRA_TAB_TABLE = [
    '表 13', '', '部门政府采购预算表', '', '编制部门：昌吉市人力资源和社会保障局', '',
    '单位：万元', '',
    '项目\t合计\t货物\t工程\t服务',
    '昌吉市人力资源和社会保障局\t25.00\t10.00\t\t15.00',
    '总计\t25.00\t10.00\t\t15.00', '']

def layout_row(cells):
    """(text, right edge) pairs placed on one line by character position, as pdftotext does
    (one position per character, CJK included); a negative edge is a left edge."""
    line = ''
    for text, edge in cells:
        at = -edge if edge < 0 else edge - len(text)
        line = line.ljust(at) + text
    return line


EXTRA_LAYOUT_TABLE = [
    '\f                       部门国有资产占用情况表',
    '                                            单位：万元', '',
    layout_row([('项目', -7), ('合计', 30), ('房屋', 40), ('车辆', 50), ('其他', 60)]),
    layout_row([('上海市普陀区财政局', -2), ('812.40', 31), ('700.00', 41), ('80.00', 51),
                ('32.40', 61)]),
    layout_row([('合计', -2), ('812.40', 31), ('700.00', 41), ('80.00', 51), ('32.40', 61)]), '']


def replace_in_table(doc, title_or_number, pairs, count=0):
    """Caption wording: each (old, new) replaced in one table (its title line excepted)."""
    for k, t in enumerate(doc.tables):
        key = t[0].replace('\f', '').strip()
        if key != title_or_number and k + 1 != title_or_number:
            continue
        for i in range(1, len(t)):
            for old, new in pairs:
                t[i] = t[i].replace(old, new, count) if count else t[i].replace(old, new)
    return doc


def tabs_in_layout_tables(doc):
    """Some table lines with runs of spaces written as tabs (8-column stops), as an editor
    that 'tabifies' does."""
    for t in doc.tables:
        for i, l in enumerate(t):
            if i % 4 == 2:
                t[i] = tabify(l)
    return doc


def tabify(l):
    out, col, i = '', 0, 0
    while i < len(l):
        if l[i] == ' ':
            j = i
            while j < len(l) and l[j] == ' ':
                j += 1
            # spaces from col to col + (j - i): tabs to each stop reached, then spaces
            end = col + (j - i)
            while (col // 8 + 1) * 8 <= end and j - i >= 2:
                out += '\t'
                col = (col // 8 + 1) * 8
            out += ' ' * (end - col)
            col = end
            i = j
        else:
            out += l[i]
            col += 1
            i += 1
    return out


def titled_with_org_and_year(doc, org, year):
    """Tables without 表 N markers, titled '<org><year>年<title>' (numbered by the contents)."""
    for t in doc.tables:
        del t[0]  # 表 N
        k = next(i for i, l in enumerate(t) if l.strip())
        t[k] = f'{org}{year}年{t[k].strip()}'
    return doc


def numbered_layout(doc, year):
    """-layout tables given a '表N' marker line above a title that starts with the year."""
    for n, t in enumerate(doc.tables, 1):
        title = t[0].replace('\f', '').strip()
        ff = '\f' if t[0].startswith('\f') else ''
        t[0:1] = [f'{ff}表{n}', f'                 {year}年度{title}']
    return doc


def render_layout(doc, *flags):
    """A tab-separated document rendered as -layout text by make_layout_variant.py."""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, 'in.txt'), os.path.join(tmp, 'out.txt')
        with open(src, 'w', encoding='utf-8') as f:
            f.write('\n'.join(doc.lines()))
        subprocess.run([sys.executable, os.path.join(HERE, 'make_layout_variant.py'), *flags,
                        src, dst], check=True)
        with open(dst, encoding='utf-8') as f:
            return f.read().split('\n')


def main():
    seed = seed_doc()
    sample = layout_doc()

    # 12-table 预算 (tab-separated), one change each.
    d = seed.copy()
    write('seed-reordered.txt', seed_renumbered(d, [4, 1, 3, 2, 5, 7, 6, 10, 8, 9, 12, 11]).lines())
    write('seed-yuan.txt', to_yuan(seed.copy()).lines())
    write('seed-joined-codes.txt', join_codes_tab(seed.copy()).lines())
    d = seed.copy()
    page_break_tab(d, 3, 10, repeat=True)
    page_break_tab(d, 5, 8, repeat=True)
    write('seed-pages-repeated.txt', d.lines())
    d = drop_repeated_headers_tab(seed.copy())
    page_break_tab(d, 3, 10, repeat=False)
    write('seed-pages-bare.txt', d.lines())
    d = seed.copy()
    del d.tables[9]  # 表10 三公 gone; 表11, 表12 keep their numbers
    write('seed-missing-table10.txt', d.lines())
    d = seed.copy()
    d.tables.append(EXTRA_TAB_TABLE)
    write('seed-extra-table.txt', d.lines())
    write('seed-fullwidth-text.txt', fullwidth_narrative(seed.copy()).lines())
    d = seed.copy()
    replace_in_table(d, 1, [('1.一般公共预算拨款', '1.一般公共预算财政拨款')])
    replace_in_table(d, 2, [('\t总计\t财政拨款', '\t合计\t财政拨款'), ('财政拨款 （补助）小 计', '小计')])
    replace_in_table(d, 3, [('\t合计\t基本支出', '\t小计\t基本支出')])
    replace_in_table(d, 5, [('\t合计\t', '\t总计\t'), ('总计\t5,', '合计\t5,')])
    replace_in_table(d, 4, [('\t一般公共预算\t', '\t一般公共预算拨款\t')])
    write('seed-captions.txt', d.lines())
    write('seed-crlf-bom-tabs.txt', crlf_bom_tabs_tab(seed.copy()).lines(), newline='\r\n',
          bom=True)

    # The 12-table 预算 as another region prints it: -layout text, tables in 元 with two
    # decimals, codes in one column, titles that start with the department and the year (no
    # 表 N), CRLF line ends.
    d = titled_with_org_and_year(join_codes_tab(seed.copy()), '昌吉市人力资源和社会保障局', 2026)
    replace_in_table(d, '昌吉市人力资源和社会保障局2026年部门支出总体情况表',
                     [('\t合计\t基本支出', '\t小计\t基本支出')])
    write('other-region-budget-12.txt', render_layout(d, '--yuan-decimals'), newline='\r\n')

    # 9-table 决算 (pdftotext -layout), one change each.
    write('01-reordered.txt', Doc(sample.head, [sample.tables[k] for k in
                                               [3, 0, 1, 2, 4, 5, 6, 7, 8]],
                                  sample.tail, 'layout').lines())
    write('01-yuan-integers.txt', to_yuan(sample.copy(), separators=False).lines())
    write('01-joined-codes.txt', join_codes_layout(sample.copy()).lines())
    d = sample.copy()
    page_break_layout(d, '一般公共预算财政拨款支出决算表', 8, repeat=True)
    write('01-pages-repeated.txt', d.lines())
    d = sample.copy()
    page_break_layout(d, '一般公共预算财政拨款支出决算表', 8, repeat=False)
    page_break_layout(d, '支出决算表', 5, repeat=False)
    write('01-pages-bare.txt', d.lines())
    d = sample.copy()
    del d.tables[6]  # 三公
    write('01-missing-sangong.txt', d.lines())
    d = sample.copy()
    d.tables.insert(7, EXTRA_LAYOUT_TABLE)
    write('01-extra-table.txt', d.lines())
    write('01-fullwidth-text.txt', fullwidth_narrative(sample.copy()).lines())
    # The 9-table 决算 of another department (sample 03) as another region prints it: 表N above
    # titles that start with the year, codes in one column, figures in whole 元.
    other = layout_doc('03_putuo_guihuaziyuan_2024_final.txt')
    d = numbered_layout(to_yuan(join_codes_layout(other.copy()), separators=False), 2024)
    write('other-region-final-9.txt', d.lines())
    write('01-crlf-bom-ff-tabs.txt', tabs_in_layout_tables(tabs_in_layout(sample.copy())).lines(),
          newline='\r\n', bom=True)
    d = sample.copy()
    replace_in_table(d, '一般公共预算财政拨款支出决算表', [('合计  ', '总计  ')])
    replace_in_table(d, '收入支出决算总表', [('决算数', '金  额')])
    replace_in_table(d, '财政拨款收入支出决算总表', [('一般公共预算财政拨款', '一般公共预算拨款  ')])
    replace_in_table(d, '支出决算表', [('基本支出', '基本经费')])
    write('01-captions.txt', d.lines())


if __name__ == '__main__':
    sys.exit(main())
