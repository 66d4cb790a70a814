"""A talent-demand report version as DOCX, its charts drawn by matplotlib as PNG images."""
from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "仿宋_GB2312"
#: CJK fonts tried in order for chart labels; the first installed one is used.
CHART_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "SimHei",
               "Microsoft YaHei", "PingFang SC")
FLAG_LABELS = {"over": "供给过剩", "under": "供给不足", "balanced": "基本匹配", "none": ""}


def _pyplot():
    """matplotlib, loaded on the first chart: it costs a second at start-up, which every command would pay."""
    import matplotlib

    matplotlib.use("Agg")  # no display on a server
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = _chart_font()
    return plt


def _chart_font() -> list[str]:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    if not installed.intersection(CHART_FONTS):
        # matplotlib's font cache may predate the CJK fonts (installed later by the system's package manager):
        # register the system's CJK files once, so chart labels never print as empty boxes.
        for path in font_manager.findSystemFonts():
            if any(mark in path.lower() for mark in ("cjk", "wqy", "simhei", "msyh", "pingfang", "sourcehan")):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in CHART_FONTS if name in installed] + ["DejaVu Sans"]


def _png(fig) -> io.BytesIO:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=150, bbox_inches="tight")
    _pyplot().close(fig)
    out.seek(0)
    return out


def chart_industry(figures: dict) -> io.BytesIO | None:
    rows = figures.get("by_industry") or []
    if not rows:
        return None
    fig, ax = _pyplot().subplots(figsize=(7, 0.45 * len(rows) + 1.2))
    labels = [f"{r['code']} {r['name']}" for r in rows][::-1]
    ax.barh(labels, [r["headcount"] for r in rows][::-1], color="#2f6fb0")
    ax.set_xlabel("需求人数")
    ax.set_title(f"{figures['year']}年人才需求（按行业门类）")
    return _png(fig)


def chart_alignment(figures: dict) -> io.BytesIO | None:
    rows = figures["alignment"]["rows"]
    if not rows:
        return None
    fig, ax = _pyplot().subplots(figsize=(7, 0.5 * len(rows) + 1.4))
    labels = [r["category"] for r in rows][::-1]
    ys = range(len(labels))
    ax.barh([y + 0.2 for y in ys], [r["supply_share"] for r in rows][::-1], height=0.4, label="毕业生占比 %",
            color="#5b9bd5")
    ax.barh([y - 0.2 for y in ys], [r["demand_share"] for r in rows][::-1], height=0.4, label="需求占比 %",
            color="#ed7d31")
    ax.set_yticks(list(ys), labels)
    ax.legend(loc="lower right")
    ax.set_title(f"{figures['year']}年专业大类供需结构（匹配指数 {figures['alignment']['index']}）")
    return _png(fig)


def chart_trend(figures: dict) -> io.BytesIO | None:
    rows = [r for r in figures.get("trend") or [] if r["index"] is not None]
    if len(rows) < 2:
        return None
    fig, ax = _pyplot().subplots(figsize=(7, 3))
    ax.plot([str(r["year"]) for r in rows], [r["index"] for r in rows], marker="o", color="#2f6fb0")
    ax.set_ylim(0, 100)
    ax.set_ylabel("匹配指数")
    ax.set_title("专业与产业匹配指数趋势")
    return _png(fig)


def _font(run, size=12, bold=False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _para(doc, text: str, size=12, bold=False):
    p = doc.add_paragraph()
    _font(p.add_run(text), size, bold)
    return p


def _table(doc, header: list[str], rows: list[list]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(str(text)), 10.5, True)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = ""
            _font(cell.paragraphs[0].add_run("—" if value is None else str(value)), 10.5)


def build_docx(title: str, version_number: int, published: str | None, figures: dict, narrative: str) -> bytes:
    """The DOCX of one version: title, status, narrative, tables and charts as PNG images."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    heading = doc.add_paragraph()
    _font(heading.add_run(title), 18, True)
    _para(doc, f"第 {version_number} 版 · " + (f"发布日期 {published}" if published else "草稿（未发布）"), 10.5)
    _para(doc, "一、总体情况", 14, True)
    for block in (narrative or "").split("\n"):
        if block.strip():
            _para(doc, block.strip())
    _para(doc, "二、需求分布", 14, True)
    _para(doc, "（一）按行业门类", 12, True)
    _table(doc, ["行业门类", "需求人数"], [[f"{r['code']} {r['name']}", r["headcount"]] for r in figures["by_industry"]])
    image = chart_industry(figures)
    if image is not None:
        doc.add_picture(image, width=Mm(150))
    _para(doc, "（二）按职业（工种）", 12, True)
    _table(doc, ["职业（工种）", "职业代码", "需求人数"],
           [[r["name"], r["code"], r["headcount"]] for r in figures["by_occupation"]])
    _para(doc, "（三）按专业", 12, True)
    _table(doc, ["专业", "专业大类", "需求人数"], [[r["name"], r["category"], r["headcount"]] for r in figures["by_major"]])
    _para(doc, "（四）按技能", 12, True)
    _table(doc, ["技能", "涉及需求人数"], [[r["name"], r["headcount"]] for r in figures["by_skill"]])
    _para(doc, "三、专业与产业匹配", 14, True)
    _para(doc, f"匹配指数：{figures['alignment']['index'] if figures['alignment']['index'] is not None else '—'}"
               "（毕业生与需求在各专业大类上分布的重合度，满分 100）")
    _table(doc, ["专业大类", "毕业生", "需求", "毕业生占比%", "需求占比%", "供需比", "缺口(人)", "判断"],
           [[r["category"], int(r["supply"]), r["demand"], r["supply_share"], r["demand_share"], r["ratio"],
             -r["gap"], FLAG_LABELS.get(r["flag"], "")] for r in figures["alignment"]["rows"]])
    image = chart_alignment(figures)
    if image is not None:
        doc.add_picture(image, width=Mm(150))
    _para(doc, "四、供需缺口", 14, True)
    under = "、".join(f"{r['category']}（缺口约 {abs(r['gap']):g} 人）" for r in figures["gaps"]["under"]) or "无"
    over = "、".join(f"{r['category']}（过剩约 {r['gap']:g} 人）" for r in figures["gaps"]["over"]) or "无"
    _para(doc, f"供给不足：{under}")
    _para(doc, f"供给过剩：{over}")
    image = chart_trend(figures)
    if image is not None:
        _para(doc, "五、匹配指数趋势", 14, True)
        doc.add_picture(image, width=Mm(150))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
