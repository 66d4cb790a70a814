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
