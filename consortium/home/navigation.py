"""The navigation bar for each role."""
from flask_babel import lazy_gettext as _l

# (endpoint, label, roles). Later features add their entries here.
NAV_ITEMS = [
    ("home.dashboard", _l("工作台"), ("admin", "enterprise", "school", "student", "teacher")),
    ("members.profile", _l("联合体概况"), ("admin", "enterprise", "school")),
    ("members.list_members", _l("成员单位"), ("admin", "enterprise", "school")),
    ("auth.list_users", _l("用户管理"), ("admin",)),
]


def navigation_for(user) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [(endpoint, label) for endpoint, label, roles in NAV_ITEMS if user.role in roles]
