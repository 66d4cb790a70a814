"""Each figure's definition in Chinese, as the secretariat explains it to the province (from metrics.md).

Shown on the drill-down page instead of the developers' notation. Labels of the book (推荐书) are kept.
"""
from flask_babel import lazy_gettext as _l

_MEMBER = _l("年内为成员（当年 12 月 31 日前加入、且未在 1 月 1 日前退出）的单位才计入。")

DEFINITIONS = {
    "park.output_value": _l("按年度填报的产业园区总产值（亿元），取该年度的填报值；未填报时为空。"),
    "cobuilt.majors": _l("当年存续的共建专业数（存量：建成日期不晚于当年 12 月 31 日、且未在当年 1 月 1 日前撤销），至少一个共建单位当年为成员。"),
    "cobuilt.courses": _l("当年存续的共建课程数（存量），至少一个共建单位当年为成员。"),
    "cobuilt.textbooks": _l("当年存续的共建教材数（存量），至少一个共建单位当年为成员。"),
    "cobuilt.training_bases": _l("当年存续的共建实训基地数（存量），至少一个共建单位当年为成员。"),
    "cobuilt.industry_colleges": _l("当年存续的共建产业学院数（存量），至少一个共建单位当年为成员。"),
    "teachers.enterprise_part_time.person_times": _l("开始日期在当年的兼职授课记录数：教师所在单位为成员企业、授课学校为成员学校；每条记录计 1 人次。"),
    "teachers.enterprise_part_time.class_hours": _l("上述企业兼职教师授课记录的课时数之和。"),
    "teachers.inter_school_part_time.person_times": _l("开始日期在当年的校际兼职授课记录数：教师所在学校与授课学校为不同的成员学校；每条记录计 1 人次。"),
    "teachers.inter_school_part_time.class_hours": _l("上述校际兼职教师授课记录的课时数之和。"),
    "teachers.enterprise_practice.person_months": _l("教师企业实践岗位上有效安排（已接受、进行中、已完成）在当年内的天数之和 ÷ 30，最后保留 1 位小数。"),
    "teachers.dual_qualified.count": _l("（推荐书以外）成员学校中标记为“双师型”的教师人数。"),
    "joint.apprenticeship.students": _l("当年在学徒制岗位上有有效安排的不同学生人数；岗位企业与学生所在学校当年均为成员。同一学生只计 1 人。"),
    "joint.field_engineer.students": _l("当年在现场工程师岗位上有有效安排的不同学生人数；同一学生只计 1 人。"),
    "joint.other.students": _l("当年开办的联合培养项目（订单班、冠名班等）中的不同学生人数；学校与企业当年均为成员。"),
    "demand_reports.published": _l("当年发布（发布日期在当年内）的人才需求报告数；草稿不计。"),
    "apprenticeship.post_ratio_pct": _l("当年开放的学徒岗位数之和 ÷ 成员企业当年职工人数之和 × 100，保留 1 位小数；职工人数为 0 或未填报时为空。"),
    "internship.person_months": _l("学生在实习实训、学徒制、现场工程师岗位上有效安排在当年内的天数之和 ÷ 30，最后保留 1 位小数。"),
    "pathway.secondary_higher.students": _l("成员学校中培养方式为“中高职贯通”、当年在读（入学年度不晚于当年、且未在当年前毕业）的学生人数。"),
    "pathway.secondary_higher_undergrad.students": _l("成员学校中培养方式为“中高本衔接”、当年在读的学生人数。"),
    "pathway.undergrad_admissions": _l("成员普通本科学校当年招收、录取途径为中高职毕业生或企业一线优秀员工的学生人数。"),
    "pathway.exam_progression_pct": _l("成员职业学校当年毕业生中，去向为“通过文化素质+职业技能考试升学”的人数 ÷ 当年毕业生人数 × 100。"),
    "employment.rate_pct": _l("成员学校当年毕业生中，去向为就业、自主创业、升学的人数 ÷ 当年毕业生人数 × 100（毕业去向落实率）；未填去向的毕业生只计入分母。"),
    "employment.local_rate_pct": _l("（推荐书以外）当年就业或创业的毕业生中，就业城市为联合体所在城市的比例。"),
    "service.tech_platforms": _l("当年存续的共性技术服务平台数（存量），至少一个共建单位当年为成员。"),
    "service.rd_conversion_pct": _l("学校与企业均为成员的技术研发项目中，当年结题且已转化的项目数 ÷ 当年结题项目数 × 100。"),
    "service.rd_funds_wan": _l("学校与企业均为成员的技术研发项目在当年到账的经费之和（万元）。"),
    "service.research_outputs": _l("日期在当年、至少一个完成单位当年为成员的研究成果数（专利、省部级奖励、标准等）。"),
    "service.skill_certifications": _l("当年发放的职业技能等级证书等：发证机构为成员，或来自成员承办的培训；每张证书计 1 人次。"),
    "service.master_studios": _l("当年存续的大师工作室数（存量），至少一个共建单位当年为成员。"),
    "training.enterprise_employees.person_days": _l("当年结束、承办单位为成员、培训对象为企业员工的培训：结业人数 × 培训天数，再求和（人日）。"),
    "training.special_groups.person_days": _l("当年结束、承办单位为成员、培训对象为农民工、退役军人、下岗职工的培训：结业人数 × 培训天数之和（人日）。"),
    "enterprises.employees": _l("成员企业当年职工人数之和；未填报的企业不计入并在“尚未填报”中列出。"),
    "enterprises.assets_wan": _l("成员企业当年资产总额之和（万元）。"),
    "enterprises.sales_wan": _l("成员企业当年销售总额之和（万元）。"),
    "enterprises.coop_benefit_wan": _l("成员企业当年校企合作产生的直接经济效益之和（万元）。"),
    "enterprises.above_scale": _l("行业为工业、当年主营业务收入不低于 2000 万元的成员企业数。"),
    "enterprises.above_quota": _l("当年达到所在行业限额的成员企业数：批发业销售额 ≥ 2000 万元、零售业 ≥ 500 万元、住宿业和餐饮业主营业务收入 ≥ 200 万元。"),
}


def definition(key: str) -> str:
    """The Chinese definition of a figure (templated for member types, funds and training kinds)."""
    if key in DEFINITIONS:
        return str(DEFINITIONS[key])
    parts = key.split(".")
    if parts[0] == "members":
        what = {"count": _l("该类型成员单位数"), "students": _l("该类型成员学校在校生数之和（仅学校）"),
                "names": _l("该类型成员单位名称")}.get(parts[-1], "")
        return f"{what}；{_MEMBER}"
    if parts[0] == "funding":
        return str(_l("按年度填报的拟投入运行经费（万元），取该年度的填报值；未填报时为空。"))
    if parts[0] == "training" and parts[1] == "by_kind":
        return str(_l("（推荐书以外）当年结束、承办单位为成员的该类培训：结业人数 × 培训天数之和（人日）。"))
    return ""
