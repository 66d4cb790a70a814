"""Name normalisation and the vocational major catalog (专业大类 / 专业类 / 专业) used by the scorer."""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CATALOG_PATH = DATA_DIR / "vocational_majors.csv"

#: A free-text major resolves to a catalog row when fuzz.ratio of the normalised names is >= this.
CATALOG_RESOLVE_THRESHOLD = 85.0

# Bracketed parts such as "(工业机器人方向)", "【订单班】", "[3+2]" (after NFKC, full-width （） become ()).
_BRACKETED = re.compile(r"[(\[【〔《<][^)\]】〕》>]*[)\]】〕》>]")
_UNCLOSED = re.compile(r"[(\[【〔《<].*$")
_SPACES = re.compile(r"\s+")
_MAJOR_SUFFIXES = ("专业", "技术")
_SKILL_PUNCT = re.compile(r"[\s\-_·•/\\.,，、:：;；'\"“”‘’]+")
_SKILL_SUFFIXES = ("技术", "技能", "能力")
#: Small synonym table applied to skills before fuzzy comparison (left side replaced by right side).
SKILL_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("程序设计", "编程"),
    ("程序编写", "编程"),
    ("程序开发", "编程"),
    ("编程设计", "编程"),
    ("绘图", "制图"),
)


def _strip_suffixes(s: str, suffixes: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for suf in suffixes:
            if s.endswith(suf) and len(s) - len(suf) >= 2:
                s = s[: -len(suf)]
                changed = True
    return s


@functools.lru_cache(maxsize=65536)
def normalize_major(name: str) -> str:
    """机电一体化技术（工业机器人方向） -> 机电一体化 (NFKC, lower-case, no brackets, no 技术/专业 suffix)."""
    s = unicodedata.normalize("NFKC", name or "").strip().lower()
    s = _BRACKETED.sub("", s)
    s = _UNCLOSED.sub("", s)
    s = _SPACES.sub("", s)
    return _strip_suffixes(s, _MAJOR_SUFFIXES)


@functools.lru_cache(maxsize=65536)
def normalize_skill(name: str) -> str:
    """'PLC 程序设计' -> 'plc编程' (NFKC, lower-case, no spaces/punctuation, synonyms, no 技术/技能 suffix)."""
    s = unicodedata.normalize("NFKC", name or "").strip().lower()
    s = _SKILL_PUNCT.sub("", s)
    for old, new in SKILL_SYNONYMS:
        s = s.replace(old, new)
    return _strip_suffixes(s, _SKILL_SUFFIXES)


@functools.lru_cache(maxsize=4096)
def normalize_city(name: str) -> str:
    """'河南省郑州市' / '郑州市' / '郑州' -> '郑州'."""
    s = _SPACES.sub("", unicodedata.normalize("NFKC", name or ""))
    for prefix in ("河南省", "河南"):
        if s.startswith(prefix) and len(s) - len(prefix) >= 2:
            s = s[len(prefix):]
    if s.endswith("市") and len(s) >= 3:
        s = s[:-1]
    return s


@dataclass(frozen=True)
class MajorRow:
    """One catalog row (a 高职专科 or 高职本科 major)."""

    level: str
    category_code: str
    category_name: str
    class_code: str
    class_name: str
    major_code: str
    major_name: str


class Catalog:
    """The major catalog with integer ids for major / class / category identity.

    Identity is by *name*, not code, so that 高职专科 数控技术 (460103) and 高职本科 数控技术
    (260103) are the same major, and 自动化类 (4603 / 2603) the same 专业类.
    """

    def __init__(self, rows: list[MajorRow]):
        self.rows: tuple[MajorRow, ...] = tuple(rows)
        self.by_code: dict[str, int] = {r.major_code: i for i, r in enumerate(self.rows)}
        self.norm_names: list[str] = [normalize_major(r.major_name) for r in self.rows]

        def factorize(keys):
            ids: dict = {}
            return np.array([ids.setdefault(k, len(ids)) for k in keys], dtype=np.int32)

        self.major_id = factorize(self.norm_names)
        self.class_id = factorize((r.category_name, r.class_name) for r in self.rows)
        self.category_id = factorize(r.category_name for r in self.rows)
        # Distinct normalised names -> first row, for fuzzy resolution.
        self._distinct: list[str] = []
        self._distinct_row: list[int] = []
        seen: set[str] = set()
        for i, n in enumerate(self.norm_names):
            if n and n not in seen:
                seen.add(n)
                self._distinct.append(n)
                self._distinct_row.append(i)

    def __len__(self) -> int:
        return len(self.rows)

    def resolve_many(self, norm_names: list[str], codes: list[str] | None = None) -> np.ndarray:
        """Row index (or -1) for each normalised name; a known major_code wins over the name."""
        out = np.full(len(norm_names), -1, dtype=np.int64)
        if codes is not None:
            for i, code in enumerate(codes):
                j = self.by_code.get((code or "").strip(), -1)
                out[i] = j
        todo = [i for i, n in enumerate(norm_names) if out[i] < 0 and n]
        if todo and self._distinct:
            sims = process.cdist([norm_names[i] for i in todo], self._distinct,
                                 scorer=fuzz.ratio, workers=-1)
            best = np.argmax(sims, axis=1)
            ok = sims[np.arange(len(todo)), best] >= CATALOG_RESOLVE_THRESHOLD
            rows = np.asarray(self._distinct_row, dtype=np.int64)[best]
            out[np.asarray(todo)[ok]] = rows[ok]
        return out

    def resolve(self, norm_name: str, code: str = "") -> int:
        """Row index for one normalised name (or major code), -1 if none above the threshold."""
        return int(self.resolve_many([norm_name], [code])[0])


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Read vocational_majors.csv (level,category_code,category_name,class_code,class_name,major_code,major_name,...)."""
    p = Path(path) if path is not None else CATALOG_PATH
    with open(p, encoding="utf-8-sig", newline="") as fh:
        rows = [MajorRow(r["level"], r["category_code"], r["category_name"], r["class_code"],
                         r["class_name"], r["major_code"], r["major_name"])
                for r in csv.DictReader(fh)]
    return Catalog(rows)


@functools.lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The packaged catalog, loaded once."""
    return load_catalog()
