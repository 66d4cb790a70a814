"""Member organizations as other packages' pages need them: (id, name) choices for select fields."""
from sqlalchemy import select

from ..extensions import db
from .models import Member


def member_choices(consortium_id: int, *, types: tuple[str, ...] | None = None) -> list[tuple[int, str]]:
    """(id, name) of the consortium's member organizations (of `types` when given), by type then name."""
    stmt = select(Member.id, Member.name).where(Member.consortium_id == consortium_id)
    if types:
        stmt = stmt.where(Member.type.in_(types))
    return [(i, n) for i, n in db.session.execute(stmt.order_by(Member.type, Member.name))]


# A filter list of more members than this shows the first ones by name plus the selected one, and a
# type-ahead box (static/js/app.js) asks `members.lookup` for the rest: a province's big consortia
# never render every member into every list page.
FILTER_CHOICES_LIMIT = 50
LOOKUP_LIMIT = 20


class FilterChoices(list):
    """(id, name) pairs for a filter select; `more` is True when the consortium has members not listed."""

    def __init__(self, rows, *, more: bool, kind: str):
        super().__init__(rows)
        self.more, self.kind = more, kind


def filter_choices(consortium_id: int, types: tuple[str, ...], selected: int | None = None, *, kind: str,
                   limit: int | None = None) -> FilterChoices:
    """At most `limit` members of these types by name (one query of limit + 1 rows), and the selected one."""
    limit = limit or FILTER_CHOICES_LIMIT
    rows = db.session.execute(select(Member.id, Member.name).where(
        Member.consortium_id == consortium_id, Member.type.in_(types)).order_by(Member.name, Member.id)
        .limit(limit + 1)).all()
    more = len(rows) > limit
    rows = [(i, n) for i, n in rows[:limit]]
    if selected and all(i != selected for i, _n in rows):
        chosen = db.session.execute(select(Member.id, Member.name).where(
            Member.id == selected, Member.consortium_id == consortium_id, Member.type.in_(types))).first()
        if chosen:
            rows.insert(0, (chosen[0], chosen[1]))
    return FilterChoices(rows, more=more, kind=kind)


def search_members(consortium_id: int, types: tuple[str, ...], q: str, limit: int = LOOKUP_LIMIT) -> list[dict]:
    """Members of these types whose name contains `q`, by name, at most `limit` (the type-ahead)."""
    stmt = select(Member.id, Member.name).where(Member.consortium_id == consortium_id, Member.type.in_(types))
    q = (q or "").strip()[:50]
    if q:
        escaped = q.replace("#", "##").replace("%", "#%").replace("_", "#_")
        stmt = stmt.where(Member.name.ilike(f"%{escaped}%", escape="#"))
    rows = db.session.execute(stmt.order_by(Member.name, Member.id).limit(min(limit, LOOKUP_LIMIT))).all()
    return [{"id": i, "name": n} for i, n in rows]
