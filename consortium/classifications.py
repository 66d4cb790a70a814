"""The official classifications the project ships as data: GB/T 4754-2017 industries, the 2022 occupations."""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

DATA_DIR = Path(__file__).resolve().parent / "data"
INDUSTRIES_PATH = DATA_DIR / "gb4754_2017_industries.csv"
OCCUPATIONS_PATH = DATA_DIR / "occupations_2022.csv"

#: A typed occupation resolves to a 2022 细类/小类 when the fuzzy score of the cleaned names reaches this.
OCCUPATION_THRESHOLD = 80.0


@dataclass(frozen=True)
class Industry:
    """One GB/T 4754-2017 entry: 门类 (a letter), 大类 (2 digits), 中类 (3) or 小类 (4)."""

    code: str
    level: int
    name: str
    section: str  # the 门类 letter every code belongs to

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def division(self) -> str:
        """The 大类 (two digits) of a code at level 2 or below, '' for a 门类."""
        return self.code[:2] if self.level >= 2 else ""


@functools.lru_cache(maxsize=1)
def industries() -> dict[str, Industry]:
    """Every GB/T 4754-2017 code → Industry, in the standard's order."""
    with open(INDUSTRIES_PATH, encoding="utf-8-sig", newline="") as fh:
        return {r["code"]: Industry(r["code"], int(r["level"]), r["name"], r["section"])
                for r in csv.DictReader(fh)}


def industry(code: str | None) -> Industry | None:
    """The entry of a code (门类 letter or 2–4 digits), None when the standard has no such code."""
    return industries().get((code or "").strip().upper()) if code else None


def sections() -> dict[str, str]:
    """门类 letter → name."""
    return {i.code: i.name for i in industries().values() if i.level == 1}


@dataclass(frozen=True)
class Occupation:
    """One entry of 中华人民共和国职业分类大典 (2022)."""

    code: str
    name: str
    level: int


_NOISE = re.compile(r"[\s()（）\[\]【】、,，/·\-]+")


def _clean(name: str) -> str:
    s = unicodedata.normalize("NFKC", name or "").strip().lower()
    s = _NOISE.sub("", s)
    if s.endswith("人员") and len(s) > 4:
        s = s[:-2]
    return s


@functools.lru_cache(maxsize=1)
def occupations() -> tuple[Occupation, ...]:
    """The 小类 (level 3) and 细类 (level 4) occupations: the ones a demand line can name."""
    with open(OCCUPATIONS_PATH, encoding="utf-8-sig", newline="") as fh:
        return tuple(Occupation(r["code"], r["name"], int(r["level"])) for r in csv.DictReader(fh)
                     if r["level"] in ("3", "4"))


@functools.lru_cache(maxsize=1)
def _occupation_index():
    rows = occupations()
    return [_clean(o.name) for o in rows], rows


@functools.lru_cache(maxsize=8192)
def match_occupation(name: str) -> tuple[Occupation | None, float]:
    """The occupation a typed name means, with its score (0–100); (None, best score) below the threshold.

    Exact names (after cleaning) win; otherwise rapidfuzz's WRatio picks the closest 细类 or 小类, which
    tolerates the typos of the OCR-derived list and short forms such as "数控车工" → 车工.
    """
    cleaned = _clean(name)
    if not cleaned:
        return None, 0.0
    names, rows = _occupation_index()
    for i, n in enumerate(names):
        if n == cleaned:
            return rows[i], 100.0
    # A longer local name that ends with an official one ("数控车工" → 车工): the longest such official name.
    tails = [i for i, n in enumerate(names) if len(n) >= 2 and cleaned.endswith(n)]
    if tails:
        return rows[max(tails, key=lambda i: len(names[i]))], 90.0
    best = process.extractOne(cleaned, names, scorer=fuzz.WRatio)
    if best is None:
        return None, 0.0
    _choice, score, index = best
    if score < OCCUPATION_THRESHOLD:
        return None, float(score)
    return rows[index], float(score)
