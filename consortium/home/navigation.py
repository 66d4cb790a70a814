"""The navigation bar for each role."""
from flask_babel import lazy_gettext as _l

# (endpoint, label, roles). Later features add their entries here.
NAV_ITEMS = [
    ("home.dashboard", _l("工作台"), ("admin", "enterprise", "school", "student", "teacher")),
    ("members.profile", _l("联合体概况"), ("admin", "enterprise", "school")),
    ("members.list_members", _l("成员单位"), ("admin", "enterprise", "school")),
    ("teachers.exchange", _l("师资交流"), ("admin", "enterprise", "school")),
    ("training.overview", _l("培训"), ("admin", "enterprise", "school")),
    ("jobs.list_positions", _l("岗位"), ("admin", "enterprise", "school")),
    ("jobs.list_applications", _l("申请"), ("admin", "enterprise", "school")),
    ("jobs.list_placements", _l("岗位安排"), ("admin", "enterprise", "school")),
    ("matching.rounds", _l("智能匹配"), ("admin",)),
    ("people.list_students", _l("学生"), ("admin", "school")),
    ("people.list_teachers", _l("教师"), ("admin", "enterprise", "school")),
    ("jobs.list_programmes", _l("联合培养"), ("admin", "enterprise", "school")),
    ("records.list_resources", _l("共建资源与成果"), ("admin", "enterprise", "school")),
    ("supply.index", _l("本校专业匹配"), ("school",)),
    ("supply.alignment", _l("专业产业匹配"), ("admin", "enterprise", "school")),
    ("supply.list_forecasts", _l("人才需求预测"), ("admin", "enterprise", "school")),
    ("supply.list_reports", _l("人才需求报告"), ("admin", "enterprise", "school")),
    ("supply.list_events", _l("供需对接活动"), ("admin", "enterprise", "school")),
    ("supply.outcomes_page", _l("毕业去向"), ("admin", "school")),
    ("jobs.unplaced", _l("未安排"), ("school",)),
    ("jobs.recommended", _l("推荐岗位"), ("student", "teacher")),
    ("jobs.my_applications", _l("我的申请"), ("student", "teacher")),
    ("jobs.my_placements", _l("我的安排"), ("student", "teacher")),
    ("supervision.interns", _l("实习指导"), ("admin", "enterprise", "school", "student", "teacher")),
    ("stats.year_page", _l("推荐书数据"), ("admin",)),
    ("book.overview", _l("推荐书"), ("admin",)),
    ("book.review_list", _l("推荐审核"), ("bureau",)),
    ("stats.dashboard", _l("数据看板"), ("admin",)),
    ("stats.province", _l("推荐名单汇总"), ("admin",)),
    ("auth.list_users", _l("用户管理"), ("admin",)),
    ("audit.list_events", _l("审计日志"), ("admin",)),
    ("imports.upload", _l("批量导入"), ("admin", "school", "enterprise")),
]


# Menus that gather entries by blueprint, so a role with many pages keeps a short bar.
GROUPS = {
    "members": _l("联合体"), "records": _l("联合体"),
    "jobs": _l("岗位对接"), "matching": _l("岗位对接"), "supervision": _l("岗位对接"),
    "people": _l("人员"),
    "supply": _l("人才供需"),
    "stats": _l("数据上报"), "book": _l("数据上报"),
    "auth": _l("管理"), "audit": _l("管理"), "imports": _l("管理"),
}
FLAT_UP_TO = 6


def navigation_for(user) -> list[dict]:
    """Entries of the bar: {"endpoint", "label"} links, or {"label", "items"} menus, in order."""
    if not getattr(user, "is_authenticated", False):
        return []
    links = [(endpoint, label) for endpoint, label, roles in NAV_ITEMS if user.role in roles]
    if len(links) <= FLAT_UP_TO:
        return [{"endpoint": e, "label": l} for e, l in links]
    entries, menus = [], {}
    for endpoint, label in links:
        group = GROUPS.get(endpoint.split(".")[0])
        if group is None:
            entries.append({"endpoint": endpoint, "label": label})
        elif str(group) in menus:
            menus[str(group)]["items"].append((endpoint, label))
        else:
            menus[str(group)] = {"label": group, "items": [(endpoint, label)]}
            entries.append(menus[str(group)])
    return entries
