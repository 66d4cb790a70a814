"""The major–industry mapping (专业大类/专业类 → GB/T 4754 门类/大类), kept as data; pure, no Flask or database.

A major name is placed in the vocational catalog by the matcher's own catalog code
(`consortium.matcher.catalog`): its normalisation and its resolver first, then, for 中职 names and
school variants that the resolver's strict threshold leaves out, a looser fuzzy pass over the same
catalog names. The 专业类 found then gives the industry through the shipped table. Corrections made by
the secretariat (a name → 专业类, a 专业类 → 门类/大类) are passed in and win over both.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from ..matcher.catalog import default_catalog, normalize_major

MAP_PATH = Path(__file__).resolve().parent.parent / "data" / "major_industry_map.csv"

#: 中职 names often end in 应用/运用/事务 where the 高职 name has none or 技术 (机电技术应用 → 机电一体化技术).
SECONDARY_SUFFIXES = ("技术应用", "应用", "运用与维修", "运用", "事务", "服务与管理")
#: The looser pass (rapidfuzz ratio / partial ratio over the catalog's normalised names) accepts from this score.
LOOSE_THRESHOLD = 70.0
UNMAPPED = "—"


@dataclass(frozen=True)
class ClassMapping:
    """What one 专业类 (or, with class_name '', one 专业大类) mainly serves."""

    category_name: str
    class_name: str
    section: str
    division: str
    basis: str


@dataclass(frozen=True)
class Placement:
    """Where a major name lands: its catalog 专业大类/专业类, the industry, and how it was found."""

    name: str
    category_name: str = ""
    class_name: str = ""
    section: str = ""
    division: str = ""
    how: str = "none"  # correction | code | catalog | loose | none
    score: float = 0.0

    @property
    def mapped(self) -> bool:
        return bool(self.category_name)


@functools.lru_cache(maxsize=1)
def shipped_table() -> tuple[ClassMapping, ...]:
    """Rows of consortium/data/major_industry_map.csv: every 专业大类 and 专业类 of the catalog."""
    with open(MAP_PATH, encoding="utf-8-sig", newline="") as fh:
        return tuple(ClassMapping(r["category_name"], r["class_name"], r["section"], r["division"], r["basis"])
                     for r in csv.DictReader(fh))


@dataclass
class Mapping:
    """The shipped table with a consortium's corrections applied."""

    classes: dict[str, ClassMapping] = field(default_factory=dict)      # 专业类 → mapping
    categories: dict[str, ClassMapping] = field(default_factory=dict)   # 专业大类 → mapping
    name_fixes: dict[str, str] = field(default_factory=dict)            # normalised major name → 专业类
    class_category: dict[str, str] = field(default_factory=dict)        # 专业类 → 专业大类

    def industry_of_class(self, class_name: str) -> tuple[str, str]:
        m = self.classes.get(class_name)
        return (m.section, m.division) if m else ("", "")


def build_mapping(class_fixes: dict[str, tuple[str, str]] | None = None,
                  name_fixes: dict[str, str] | None = None) -> Mapping:
    """The shipped table plus corrections: class_fixes 专业类 → (门类, 大类); name_fixes raw name → 专业类."""
    mapping = Mapping()
    for row in shipped_table():
        if row.class_name:
            mapping.classes[row.class_name] = row
            mapping.class_category[row.class_name] = row.category_name
        else:
            mapping.categories[row.category_name] = row
    for class_name, (section, division) in (class_fixes or {}).items():
        old = mapping.classes.get(class_name)
        if old is not None:
            mapping.classes[class_name] = ClassMapping(old.category_name, class_name, section, division or "",
                                                       "correction")
    mapping.name_fixes = {normalize_major(k): v for k, v in (name_fixes or {}).items()
                          if v in mapping.class_category}
    return mapping


def _strip_secondary(norm: str) -> str:
    for suffix in SECONDARY_SUFFIXES:
        if norm.endswith(suffix) and len(norm) - len(suffix) >= 2:
            return norm[: -len(suffix)]
    return norm


@functools.lru_cache(maxsize=1)
def _loose_index():
    catalog = default_catalog()
    names, rows = [], []
    for i, n in enumerate(catalog.norm_names):
        if n and n not in names:
            names.append(n)
            rows.append(i)
    return names, rows


@functools.lru_cache(maxsize=16384)
def catalog_row(name: str, code: str = "") -> tuple[int, str, float]:
    """(catalog row or -1, how, score) for a major name: the matcher's resolver, then the looser pass."""
    catalog = default_catalog()
    norm = normalize_major(name)
    if code and code.strip() in catalog.by_code:
        return catalog.by_code[code.strip()], "code", 100.0
    if not norm:
        return -1, "none", 0.0
    row = catalog.resolve(norm)
    if row >= 0:
        return row, "catalog", 100.0
    stripped = _strip_secondary(norm)
    if stripped != norm and len(stripped) >= 3:
        row = catalog.resolve(stripped)
        if row >= 0:
            return row, "loose", 90.0
    names, rows = _loose_index()
    if len(stripped) == 2:
        # A two-character stem (会计事务 → 会计): the 专业类 that at least two thirds of the catalog
        # names beginning with it share, else no answer from the stem.
        heads = [rows[i] for i, n in enumerate(names) if n.startswith(stripped)]
        if heads:
            counts: dict[str, list[int]] = {}
            for r in heads:
                counts.setdefault(catalog.rows[r].class_name, []).append(r)
            top = max(counts.values(), key=len)
            if len(top) * 3 >= len(heads) * 2:
                return top[0], "loose", round(100.0 * len(top) / len(heads), 1)
    # Names sharing the first two characters first: a 中职 name keeps the head of its 高职 counterpart.
    pool = [i for i, n in enumerate(names) if n[:2] == stripped[:2]] or range(len(names))
    best, best_score = -1, 0.0
    for i in pool:
        score = max(fuzz.ratio(norm, names[i]), fuzz.ratio(stripped, names[i]),
                    fuzz.partial_ratio(stripped, names[i]) if len(stripped) >= 3 else 0.0)
        if score > best_score:
            best, best_score = i, score
    if best >= 0 and best_score >= LOOSE_THRESHOLD:
        return rows[best], "loose", float(best_score)
    return -1, "none", float(best_score)


def place_major(name: str, mapping: Mapping, code: str = "") -> Placement:
    """Where one major name (高职 catalog name, 中职 name or a school's variant) lands."""
    fixed = mapping.name_fixes.get(normalize_major(name))
    if fixed:
        section, division = mapping.industry_of_class(fixed)
        return Placement(name, mapping.class_category[fixed], fixed, section, division, "correction", 100.0)
    row, how, score = catalog_row(name or "", code or "")
    if row < 0:
        return Placement(name, how="none", score=score)
    r = default_catalog().rows[row]
    section, division = mapping.industry_of_class(r.class_name)
    return Placement(name, r.category_name, r.class_name, section, division, how, score)


def categories_serving(mapping: Mapping, section: str, division: str = "") -> list[str]:
    """专业大类 whose classes serve an industry: by 大类 when given and found, else by 门类."""
    if division:
        found = sorted({m.category_name for m in mapping.classes.values() if m.division == division})
        if found:
            return found
    return sorted({m.category_name for m in mapping.classes.values() if m.section == section})


def category_order() -> list[str]:
    """专业大类 in the catalog's order."""
    return [row.category_name for row in shipped_table() if not row.class_name]
