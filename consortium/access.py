"""Permission rules shared by every feature. Services call these with the acting user."""
from flask_babel import gettext as _

from .errors import NotAllowed, NotFound


def require_login(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAllowed(_("请先登录"))


def require_admin(actor) -> None:
    """Only the secretariat."""
    require_login(actor)
    if actor.role != "admin":
        raise NotAllowed(_("只有秘书处管理员可以执行此操作"))


def require_role(actor, *roles: str) -> None:
    require_login(actor)
    if actor.role not in roles:
        raise NotAllowed(_("当前账号角色无权执行此操作"))


def can_admin_consortium(actor, consortium_id: int) -> bool:
    """An admin tied to one consortium manages that one; an admin with none manages all."""
    return actor.role == "admin" and (actor.consortium_id is None or actor.consortium_id == consortium_id)


def require_consortium_admin(actor, consortium_id: int) -> None:
    require_admin(actor)
    if not can_admin_consortium(actor, consortium_id):
        raise NotAllowed(_("您不是该联合体的管理员"))


def actor_consortium_id(actor) -> int | None:
    """The consortium a non-province user belongs to."""
    if actor.role == "admin":
        return actor.consortium_id
    if actor.member is not None:
        return actor.member.consortium_id
    return actor.consortium_id


def require_same_consortium(actor, consortium_id: int) -> None:
    """Any signed-in user of the consortium (or a province-wide admin)."""
    require_login(actor)
    if actor.role == "admin":
        require_consortium_admin(actor, consortium_id)
        return
    if actor_consortium_id(actor) != consortium_id:
        # Another consortium's record is reported as missing, not as forbidden.
        raise NotFound(_("记录不存在"))


def acts_for(actor, member_id: int) -> bool:
    """True when an enterprise or school user acts for this member organization."""
    return actor.role in ("enterprise", "school") and actor.member_id == member_id


def require_member_access(actor, member) -> None:
    """The secretariat, or a user acting for this very organization."""
    require_login(actor)
    if can_admin_consortium(actor, member.consortium_id):
        return
    if acts_for(actor, member.id):
        return
    raise NotAllowed(_("无权访问其他单位的数据"))


def acting_org_id(actor) -> int | None:
    """The member organization an enterprise or school user acts for; None for other roles."""
    return actor.member_id if actor.role in ("enterprise", "school") else None


def require_member_user(actor, consortium_id: int) -> None:
    """Pages for the secretariat and the member organizations' users of this consortium."""
    require_role(actor, "admin", "enterprise", "school")
    require_same_consortium(actor, consortium_id)


# Where a personal number can be shown. Pages and lists always mask, even to those allowed to see more; on a
# page, whoever may see the full number reveals it with a reason ("reveal", audited). Exports and the API's
# single-record responses carry the full number to the organization that keeps the record (a school's
# information system synchronises with it; an export is edited and imported again) and to the secretariat of
# its consortium.
ID_CHANNELS = ("page", "list", "reveal", "export", "api_record")
FULL_ID_CHANNELS = ("reveal", "export", "api_record")


def may_see_full_id(actor, *, consortium_id: int, keeper_member_id: int | None, channel: str) -> bool:
    """The one masking policy for ID numbers and phones: True when `actor` may see the full value here."""
    if channel not in ID_CHANNELS:
        raise ValueError(channel)
    if channel not in FULL_ID_CHANNELS or actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if can_admin_consortium(actor, consortium_id):
        return True
    return keeper_member_id is not None and acts_for(actor, keeper_member_id)


def is_province_admin(actor) -> bool:
    """The province-wide secretariat: an admin tied to no consortium."""
    return actor is not None and actor.role == "admin" and actor.consortium_id is None
