"""A consortium's book for some years: figures, narratives, missing inputs, and how a figure reads as text.

Shared by the export formats (`export.py` for JSON/CSV/XLSX; the book DOCX is `consortium.book`) and the pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from ..figures import book
from ..figures.core import SCHOOL_TYPES, Figure
from ..members.models import Consortium
from . import loader


@dataclass
class BookFrame:
    """The book's own years for a consortium (说明三): the base year's actual figures, the committed years, and
    the committed value of each figure per committed year. The book package provides it (`use_book_frame`)."""

    base_year: int = 2022
    committed_years: list[int] = field(default_factory=lambda: [2023, 2024, 2025])
    keys: list[str] = field(default_factory=list)  # the figures one commits to, in the book's order
    committed: dict[int, dict[str, Decimal]] = field(default_factory=dict)  # year → key → value

    @property
    def first_committed(self) -> int:
        return self.committed_years[0]

    def committed_value(self, year: int, key: str):
        return self.committed.get(year, {}).get(key)


_frame_source: Callable[[int], BookFrame] | None = None


def use_book_frame(source: Callable[[int], BookFrame] | None) -> None:
    """Register where a consortium's book years and commitments come from (the app factory passes the book
    package's reader: commitments live above stats in the package order)."""
    global _frame_source
    _frame_source = source


def book_frame(consortium_id: int) -> BookFrame:
    """The consortium's book years and commitments; the notice's years without commitments when no source is set."""
    return _frame_source(consortium_id) if _frame_source is not None else BookFrame()


@dataclass
class Report:
    """A consortium's figures for the requested years, with narratives and missing inputs of each year."""

    consortium: Consortium
    years: list[int]
    figures: dict[int, dict[str, Figure]] = field(default_factory=dict)
    narratives: dict[int, dict[str, str]] = field(default_factory=dict)
    over_limit: dict[int, dict[str, int]] = field(default_factory=dict)
    missing: dict[int, list[str]] = field(default_factory=dict)
    frame: BookFrame = field(default_factory=BookFrame)

    def keys(self) -> list[str]:
        """Every key of every requested year, in the book's order (funding keys differ by year)."""
        seen: dict[str, None] = {}
        for year in self.years:
            for key in self.figures[year]:
                seen.setdefault(key, None)
        head = [k for k in seen if k.startswith("members.")]
        funding = sorted((k for k in seen if k.startswith("funding.")),
                         key=lambda k: (0 if k.endswith(".planned") else 1, k))
        rest = [k for k in seen if not k.startswith(("members.", "funding."))]
        return head + funding + rest

    def value(self, year: int, key: str):
        figure = self.figures[year].get(key)
        return figure.value if figure is not None else None


def build_report(consortium: Consortium, years: list[int]) -> Report:
    """Load once, compute every year, collect narratives and missing inputs. Every year also carries the planned
    funds and sources of the book's committed years (table 1 prints them whatever the year)."""
    years = sorted(set(years))
    records = loader.load_records(consortium.id, years[0], years[-1])
    report = Report(consortium, years, frame=book_frame(consortium.id))
    for y in years:
        report.figures[y] = book.compute(records, y)
        for metric in book.funding_metrics(report.frame.committed_years):
            if metric.key not in report.figures[y]:
                report.figures[y][metric.key] = metric.compute(records, y)
        report.narratives[y] = loader.narratives(consortium.id, y)
        report.over_limit[y] = loader.narrative_problems(report.narratives[y])
        report.missing[y] = loader.missing_inputs(consortium.id, y, records)
    return report


def json_value(value):
    """Decimals as numbers (ints when whole counts), lists as they are, None as null."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def text_value(value) -> str:
    """A figure as a table cell: '' for null, names joined by 、."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def label_of(key: str) -> tuple[str, str]:
    metric = book.metric_for(key)
    return (metric.label, metric.unit) if metric else (key, "")


def applies(key: str) -> bool:
    """Whether a row means something: 在校生数 is a school's figure only (no row for 政府部门, 企业 …)."""
    parts = key.split(".")
    return not (parts[0] == "members" and parts[-1] == "students" and parts[1] not in SCHOOL_TYPES)


def committed_columns(report: Report) -> list[int]:
    """The committed years printed beside the actual years: the first committed year, as table 2 has it."""
    return [report.frame.first_committed]


def overview_groups(report: Report) -> list[tuple[str, list[str]]]:
    keys = [k for k in report.keys() if applies(k)]
    groups = [("联合体成员情况", [k for k in keys if k.startswith("members.") and not k.endswith(".names")]),
              ("单位名称", [k for k in keys if k.startswith("members.") and k.endswith(".names")]),
              ("拟投入运行经费总额", [k for k in keys if k.startswith("funding.") and k.endswith(".planned")]),
              ("运行经费来源", [k for k in keys if k.startswith("funding.") and ".source." in k]),
              ("产业园区总产值", ["park.output_value"])]
    return [g for g in groups if g[1]]


def section2_groups(in_book: bool = True) -> list[tuple[str, list[str]]]:
    """Section 2 by group in the book's order: the book's rows (`in_book`), or the platform's extra figures
    (书外, which the book's tables do not have: the DOCX and the XLSX print them in an appendix)."""
    groups: dict[str, list[str]] = {}
    for m in book.section2_metrics():
        if m.book == in_book:
            groups.setdefault(str(book.SECTIONS[m.section]), []).append(m.key)
    return list(groups.items())
