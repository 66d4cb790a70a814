"""List-page exports: the same list services and filters as the pages, rows in the import columns."""
from __future__ import annotations

from typing import Callable

from ..access import may_see_full_id
from ..extensions import db
from ..tables.columns import get_spec
from ..tables.export import export_rows, write_csv, write_xlsx
from ..params import id_arg
from ..web import optional_year_arg

__all__ = ["EXPORTABLE", "export_file"]


def _members(actor, cid, args):
    from ..members.services import list_members
    return list_members(actor, cid, **{k: args.get(k, "") for k in ("q", "type", "role", "city", "status")})


def _students(actor, cid, args):
    from ..people.services import list_students
    return list_students(actor, cid, q=args.get("q", "").strip(), major=args.get("major", "").strip(),
                         graduation_year=optional_year_arg("graduation_year"),
                         school_id=id_arg("school_id"))


def _teachers(actor, cid, args):
    from ..people.services import list_teachers
    return list_teachers(actor, cid, q=args.get("q", "").strip(), employer_id=id_arg("employer_id"),
                         dual_qualified={"yes": True, "no": False}.get(args.get("dual", "")))


def _positions(actor, cid, args):
    from ..jobs.positions import list_positions
    return list_positions(actor, cid, kind=args.get("kind", ""), city=args.get("city", "").strip(),
                          major=args.get("major", "").strip(), enterprise_id=id_arg("enterprise_id"),
                          status=args.get("status", ""), open_slots=args.get("only_open") == "1",
                          q=args.get("q", "").strip())


def _placements(actor, cid, args):
    from ..jobs.placements import list_placements
    return list_placements(actor, cid, status=args.get("status", ""), kind=args.get("kind", ""),
                           missing_documents=args.get("missing") == "1", school_id=id_arg("school_id"))


def _sessions(actor, cid, args):
    from ..training.services import list_sessions
    return list_sessions(actor, cid, year=optional_year_arg(),
                         **{k: args.get(k, "") for k in ("q", "kind", "audience")})


def _certificates(actor, cid, args):
    from ..training.services import list_certificates
    return list_certificates(actor, cid, year=optional_year_arg(), q=args.get("q", ""))


def _name(member):
    return member.name if member is not None else None


def _member_row(m):
    return {k: getattr(m, k) for k in ("name", "type", "city", "students", "sector", "joined_date", "left_date",
                                       "role")}


def _student_row(s):
    row = {k: getattr(s, k) for k in get_spec("students").by_name if k != "school"}
    return row | {"school": _name(s.school)}


def _teacher_row(t):
    row = {k: getattr(t, k) for k in ("staff_no", "name", "subject", "skills", "dual_qualified", "post", "city")}
    return row | {"employer": _name(t.employer)}


def _position_row(p):
    row = {k: getattr(p, k) for k in get_spec("positions").by_name if k != "enterprise"}
    return row | {"enterprise": _name(p.enterprise)}


def _placement_row(p):
    person = p.candidate
    number = person.student_no if p.student_id else person.staff_no
    return {"position": p.position.code, "candidate": number, "candidate_org": _name(person.org),
            "status": p.status, "start_date": p.start_date, "end_date": p.end_date}


def _session_row(s):
    row = {k: getattr(s, k) for k in ("code", "title", "kind", "audience", "start_date", "end_date", "days",
                                      "participants")}
    return row | {"provider": s.provider_display, "host": s.host_display}


def _certificate_row(c):
    row = {k: getattr(c, k) for k in ("certificate_no", "holder_name", "holder_id_number", "name", "level",
                                      "issued_date")}
    return row | {"issuer": c.issuer_display, "session": c.session.code if c.session else None}


def _manages_people(actor, cid, records) -> bool:
    """The masking policy's "export" channel for every record: their school or employer, or the secretariat."""
    return all(may_see_full_id(actor, consortium_id=cid, keeper_member_id=r.org.id, channel="export")
               for r in records)


def _secretariat(actor, cid, records) -> bool:
    return may_see_full_id(actor, consortium_id=cid, keeper_member_id=None, channel="export")


# type → (list service, record → canonical dict, "may see sensitive columns unmasked")
EXPORTABLE: dict[str, tuple[Callable, Callable, Callable]] = {
    "members": (_members, _member_row, _secretariat),
    "students": (_students, _student_row, _manages_people),
    "teachers": (_teachers, _teacher_row, _manages_people),
    "positions": (_positions, _position_row, _secretariat),
    "placements": (_placements, _placement_row, _secretariat),
    "training_sessions": (_sessions, _session_row, _secretariat),
    "certificates": (_certificates, _certificate_row, _secretariat),
}


def export_file(actor, consortium, type_name: str, fmt: str, args) -> bytes:
    """The filtered list as CSV (UTF-8 with BOM) or XLSX, with the import template's Chinese headers, so
    an export can be edited and imported again. Sensitive columns are masked unless the user manages
    those people (students/teachers) or is the secretariat (certificates)."""
    list_service, to_row, may_see = EXPORTABLE[type_name]
    records = list(db.session.scalars(list_service(actor, consortium.id, args)).unique())
    spec = get_spec(type_name)
    headers, rows = export_rows(spec, [to_row(r) for r in records], mask=not may_see(actor, consortium.id, records))
    if fmt == "csv":
        return write_csv(headers, rows)
    return write_xlsx(headers, rows, sheet_title=spec.label_zh)
