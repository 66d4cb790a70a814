"""A consortium's book for some years: figures, narratives, missing inputs, and how a figure reads as text.

Shared by every export format (`export.py` for JSON/CSV/XLSX, `docx_book.py` for DOCX) and the pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..figures import book
from ..figures.core import Figure
from ..members.models import Consortium
from . import loader


@dataclass
class Report:
    """A consortium's figures for the requested years, with narratives and missing inputs of each year."""

    consortium: Consortium
    years: list[int]
    figures: dict[int, dict[str, Figure]] = field(default_factory=dict)
    narratives: dict[int, dict[str, str]] = field(default_factory=dict)
    over_limit: dict[int, dict[str, int]] = field(default_factory=dict)
    missing: dict[int, list[str]] = field(default_factory=dict)

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
    """Load once, compute every year, collect narratives and missing inputs."""
    years = sorted(set(years))
    records = loader.load_records(consortium.id, years[0], years[-1])
    report = Report(consortium, years)
    for y in years:
        report.figures[y] = book.compute(records, y)
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


def overview_groups(report: Report) -> list[tuple[str, list[str]]]:
    keys = report.keys()
    groups = [("联合体成员情况", [k for k in keys if k.startswith("members.") and not k.endswith(".names")]),
              ("单位名称", [k for k in keys if k.startswith("members.") and k.endswith(".names")]),
              ("拟投入运行经费总额", [k for k in keys if k.startswith("funding.") and k.endswith(".planned")]),
              ("运行经费来源", [k for k in keys if k.startswith("funding.") and ".source." in k]),
              ("产业园区总产值", ["park.output_value"])]
    return [g for g in groups if g[1]]


def section2_groups() -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for m in book.section2_metrics():
        groups.setdefault(str(book.SECTIONS[m.section]), []).append(m.key)
    return list(groups.items())
