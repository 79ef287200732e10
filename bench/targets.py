"""The targets of issue 6, checked against the measured figures.

Absolute targets are stated for 100,000 applications; they are checked at the
largest size measured (with `--sizes` below 100,000 they are easier to meet).
Growth targets compare the largest size with the smallest. Payload targets
hold at every size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# A table or chart a person reads holds a page of rows, a point per week, a few
# hundred scores; more than this many rows means a page ships data, not a view of it.
MOST_ROWS_IN_A_TABLE = 1_000
APPLICATIONS_PAGE_ROWS = 50  # ui/tables.PAGE_SIZE
TRENDS_PAGE = "Trends"


@dataclass(frozen=True)
class Target:
    """What must hold for the figures whose names match `figures`, at `where` ("largest", "every", "growth")."""

    description: str
    figures: str
    where: str
    limit: float
    strict: bool = True  # "under" (<) rather than "no more than" (<=)

    def matches(self, name: str) -> bool:
        return re.fullmatch(self.figures, name) is not None

    def holds(self, value: float) -> bool:
        return value < self.limit if self.strict else value <= self.limit


TARGETS = (
    Target(
        "each page's render at the largest size is no more than 1.5 times its render at the smallest",
        r"page .*: (first render|rerun)",
        "growth",
        1.5,
        strict=False,
    ),
    Target(
        f"the {TRENDS_PAGE} page renders in under 0.3 s", rf"page {TRENDS_PAGE}: (first render|rerun)", "largest", 0.3
    ),
    Target("all Trends metrics together take under 100 ms", r"Trends metrics together", "largest", 0.1),
    Target("saving a reflection takes under 50 ms", r"save a reflection", "largest", 0.05),
    Target(f"the {TRENDS_PAGE} page sends under 200 KB", rf"page {TRENDS_PAGE}: data sent", "every", 200_000),
    Target(
        f"the Applications page sends one page of its table ({APPLICATIONS_PAGE_ROWS} rows)",
        r"page Applications: largest table",
        "every",
        APPLICATIONS_PAGE_ROWS,
        strict=False,
    ),
    Target(
        f"no page sends a table or chart of more than {MOST_ROWS_IN_A_TABLE:,} rows",
        r"page .*: largest table",
        "every",
        MOST_ROWS_IN_A_TABLE,
        strict=False,
    ),
    Target("importing the applications CSV takes under 5 s", r"CSV import: total", "largest", 5.0),
)


@dataclass(frozen=True)
class Check:
    """One target checked on one figure: the value compared (a median, or a ratio for growth) and whether it held."""

    target: Target
    figure: str
    size: int | None
    value: float | None
    met: bool
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target.description,
            "figure": self.figure,
            "size": self.size,
            "value": self.value,
            "limit": self.target.limit,
            "kind": self.target.where,
            "met": self.met,
            "note": self.note,
        }


def check(medians: dict[tuple[str, int], float | None], sizes: list[int]) -> list[Check]:
    """Every target against the medians, by (figure, size); a target no figure matches is a failed check."""
    names = list(dict.fromkeys(name for name, _ in medians))
    smallest, largest = min(sizes), max(sizes)
    checks: list[Check] = []
    for target in TARGETS:
        matching = [name for name in names if target.matches(name)]
        if not matching:
            checks.append(Check(target, target.figures, None, None, False, "no figure measured it"))
            continue
        for name in matching:
            if target.where == "growth":
                if smallest == largest:
                    continue
                small, large = medians.get((name, smallest)), medians.get((name, largest))
                ratio = large / small if small and large is not None else None
                checks.append(_judge(target, name, largest, ratio))
            else:
                for size in sizes if target.where == "every" else [largest]:
                    checks.append(_judge(target, name, size, medians.get((name, size))))
    return checks


def _judge(target: Target, name: str, size: int, value: float | None) -> Check:
    if value is None:
        return Check(target, name, size, None, False, "not measured")
    return Check(target, name, size, value, target.holds(value))
