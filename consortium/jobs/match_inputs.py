"""Students, teachers and positions as the matcher's values: the one mapping from rows to matcher inputs,
used by the recommendations and by the matching rounds alike."""
from ..matcher.core import Candidate, Position as MatchPosition


def candidate_key(person) -> str:
    """The matcher id of a student (`s12`) or teacher (`t7`)."""
    return f"{'s' if person.kind == 'student' else 't'}{person.id}"


def candidate_key_of(student_id: int | None, teacher_id: int | None) -> str:
    """The same id from a row's student_id/teacher_id columns (a placement's or an application's)."""
    return f"s{student_id}" if student_id else f"t{teacher_id}"


def position_key(position_id: int) -> str:
    return f"p{position_id}"


def match_candidate(person, *, busy=(), preferences=(), excluded=()) -> Candidate:
    """A Student or Teacher row as a matcher candidate: a teacher's subject stands in for the major."""
    if person.kind == "student":
        org, major, code = person.school_id, person.major or "", person.major_code or ""
        available_from, available_to = person.available_from, person.available_to
    else:
        org, major, code = person.employer_id, person.subject or "", ""
        available_from = available_to = None
    return Candidate(id=candidate_key(person), kind=person.kind, org=str(org), major=major, major_code=code,
                     skills=tuple(person.skills or ()), city=person.city or "", busy=tuple(busy),
                     preferences=tuple(preferences), excluded=tuple(excluded), available_from=available_from,
                     available_to=available_to)


def match_position(position, *, free: int | None = None) -> MatchPosition:
    """A Position row as a matcher position. `free` limits the open slots (a round keeps back the slots its
    pending proposals reserve); by default every slot not filled is open."""
    slots = position.slots if free is None else position.filled + free
    return MatchPosition(id=position_key(position.id), kind=position.kind, enterprise=str(position.enterprise_id),
                         title=position.title, majors=tuple(position.majors or ()), skills=tuple(position.skills or ()),
                         city=position.city or "", slots=slots, filled=position.filled, start=position.start_date,
                         end=position.end_date, status=position.status)
