"""Demo training data: a year of sessions in 2024 and 2025, rosters, certificates and a few requests."""
from datetime import date, timedelta
from decimal import Decimal

from ..extensions import db
from ..tables.normalize import id_check_digit, mask_id_number
from ..training.models import Certificate, RosterEntry, TrainingRequest, TrainingSession

ZZZB = "郑州智能装备职业技术学院"
JTGC = "河南交通工程职业学院"
XXZY = "郑州信息职业技术学院"
YIZHONG = "郑州市第一中等专业学校"
ZHONGMU = "中牟县职业教育中心"
ZHONGYUAN = "中原重工智能装备股份有限公司"
YUCHEN = "郑州宇辰汽车零部件有限公司"
HENGDA = "河南恒达数控机床有限公司"
HUAXIN = "郑州华芯电子科技有限公司"
YUNLIAN = "中原云链物流有限公司"

# code, title, kind, audience, provider (member name or other), host, start, end, days, hours, participants
SESSIONS = [
    ("TR2024001", "新员工数控加工岗前培训", "pre_job", "enterprise_employees", ZZZB, ZHONGYUAN,
     date(2024, 3, 4), date(2024, 3, 15), Decimal(10), Decimal(80), 46),
    ("TR2024002", "汽车零部件质量检验转岗培训", "job_transfer", "enterprise_employees", JTGC, YUCHEN,
     date(2024, 4, 8), date(2024, 4, 12), None, Decimal(40), 28),
    ("TR2024003", "工业机器人运维技能提升培训", "skill_upgrade", "enterprise_employees", ZZZB, HENGDA,
     date(2024, 5, 13), date(2024, 5, 24), Decimal("7.5"), Decimal(60), 32),
    ("TR2024004", "农民工电工技能培训", "certification", "migrant_workers", ZHONGMU, None,
     date(2024, 6, 3), date(2024, 6, 14), Decimal(10), Decimal(80), 55),
    ("TR2024005", "退役军人物流仓储就业培训", "pre_job", "veterans", YIZHONG, YUNLIAN,
     date(2024, 7, 8), date(2024, 7, 19), Decimal(10), Decimal(80), 24),
    ("TR2024006", "电子装联技能提升（半天班）", "skill_upgrade", "enterprise_employees", XXZY, HUAXIN,
     date(2024, 9, 2), date(2024, 9, 6), Decimal("2.5"), Decimal(20), 40),
    ("TR2024007", "下岗职工焊工取证培训", "certification", "laid_off", ZZZB, None,
     date(2024, 10, 14), date(2024, 10, 25), Decimal(10), Decimal(80), 30),
    ("TR2024008", "企业技术人员继续教育", "continuing_education", "enterprise_employees", "中原工业大学", ZHONGYUAN,
     date(2024, 11, 18), date(2024, 11, 22), None, Decimal(32), 60),
    ("TR2024009", "年末设备维保集训", "skill_upgrade", "enterprise_employees", ZZZB, YUCHEN,
     date(2024, 12, 26), date(2025, 1, 3), Decimal(6), Decimal(48), 35),
    ("TR2024010", "外部机构安全生产培训", "continuing_education", "enterprise_employees", "郑州某安全培训中心", HENGDA,
     date(2024, 8, 20), date(2024, 8, 21), None, Decimal(16), 80),
    ("TR2025001", "新能源汽车装调岗前培训", "pre_job", "enterprise_employees", JTGC, YUCHEN,
     date(2025, 3, 3), date(2025, 3, 14), Decimal(10), Decimal(80), 38),
    ("TR2025002", "农民工叉车司机取证培训", "certification", "migrant_workers", ZHONGMU, YUNLIAN,
     date(2025, 4, 7), date(2025, 4, 18), Decimal(10), Decimal(80), 42),
    ("TR2025003", "智能产线转岗培训", "job_transfer", "enterprise_employees", ZZZB, ZHONGYUAN,
     date(2025, 5, 12), date(2025, 5, 23), Decimal(10), Decimal(80), 36),
    ("TR2025004", "PLC 编程技能提升", "skill_upgrade", "enterprise_employees", XXZY, HENGDA,
     date(2025, 6, 9), date(2025, 6, 13), None, Decimal(40), 25),
    ("TR2025005", "退役军人电工技能培训", "certification", "veterans", YIZHONG, None,
     date(2025, 9, 8), date(2025, 9, 19), Decimal(10), Decimal(80), 20),
    ("TR2025006", "芯片封装工艺继续教育", "continuing_education", "enterprise_employees", XXZY, HUAXIN,
     date(2025, 11, 3), date(2025, 11, 7), Decimal(5), Decimal(40), 30),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "勇", "军", "杰", "涛", "明", "超", "华", "鹏", "辉", "婷"]


def _id_number(n: int) -> str:
    """A well-formed (fictitious) ID number from Zhengzhou with a valid check digit."""
    birth = date(1970, 1, 1) + timedelta(days=(37 * n) % 12000)
    first17 = f"410101{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_digit(first17)


def load(consortium, members_by_name: dict, admin) -> None:
    """Create the demo training records for the consortium (names must be the demo members')."""
    sessions = {}
    for code, title, kind, audience, provider, host, start, end, days, hours, participants in SESSIONS:
        member = members_by_name.get(provider)
        session = TrainingSession(
            consortium_id=consortium.id, code=code, title=title, kind=kind, audience=audience,
            provider_id=member.id if member else None, provider_name=None if member else provider,
            host_id=members_by_name[host].id if host else None, venue=None if host else "经开区公共实训基地",
            start_date=start, end_date=end, days=days, hours=hours, participants=participants,
            plan_year=start.year)
        db.session.add(session)
        sessions[code] = session
    db.session.flush()
    # Rosters for two sessions: their completed count replaces the declared number.
    person = 0
    for code, size, not_completed in (("TR2024003", 34, 2), ("TR2025003", 38, 3)):
        session = sessions[code]
        for i in range(size):
            person += 1
            name = SURNAMES[person % len(SURNAMES)] + GIVEN[(person * 7) % len(GIVEN)]
            db.session.add(RosterEntry(session_id=session.id, name=name,
                                       id_number_masked=mask_id_number(_id_number(person)),
                                       employer_id=session.host_id,
                                       status="not_completed" if i < not_completed else "completed"))
    # Certificates from the certification sessions, and a few issued by the lead school directly.
    issuer = members_by_name[ZZZB]
    number = 0
    for code, name, level, passed, issued in (("TR2024004", "电工", 5, 41, date(2024, 7, 5)),
                                              ("TR2024007", "焊工", 4, 24, date(2024, 11, 20)),
                                              ("TR2025002", "叉车司机", 5, 35, date(2025, 5, 9)),
                                              ("TR2025005", "电工", 4, 16, date(2025, 10, 17))):
        for i in range(passed):
            number += 1
            db.session.add(Certificate(
                consortium_id=consortium.id, certificate_no=f"Y41010{issued.year}{number:05d}",
                holder_name=SURNAMES[number % len(SURNAMES)] + GIVEN[(number * 5) % len(GIVEN)],
                holder_id_number=_id_number(500 + number), name=name, level=level, issued_date=issued,
                issuer_id=issuer.id if code == "TR2024007" else None,
                issuer_name=None if code == "TR2024007" else "河南省职业技能鉴定指导中心",
                session_id=sessions[code].id))
    for i, (name, level) in enumerate((("工业机器人系统运维员", 3), ("数控车工", 2), ("电工", 3))):
        db.session.add(Certificate(consortium_id=consortium.id, certificate_no=f"ZZZB2025{i + 1:04d}",
                                   holder_name=SURNAMES[i] + GIVEN[i], holder_id_number=_id_number(900 + i), name=name,
                                   level=level, issued_date=date(2025, 6, 20), issuer_id=issuer.id))
    # Requests: one answered by a planned session, one assigned, one just filed.
    planned = TrainingRequest(consortium_id=consortium.id, enterprise_id=members_by_name[ZHONGYUAN].id,
                              topic="智能产线转岗培训", kind="job_transfer", audience="enterprise_employees",
                              headcount=40, preferred_start=date(2025, 5, 12), preferred_end=date(2025, 5, 23),
                              status="planned", provider_id=issuer.id, created_by_id=admin.id)
    db.session.add(planned)
    db.session.flush()
    sessions["TR2025003"].request_id = planned.id
    db.session.add_all([
        TrainingRequest(consortium_id=consortium.id, enterprise_id=members_by_name[YUCHEN].id,
                        topic="新能源汽车高压电安全培训", kind="skill_upgrade", audience="enterprise_employees",
                        headcount=30, preferred_start=date(2026, 3, 2), status="assigned",
                        provider_id=members_by_name[JTGC].id),
        TrainingRequest(consortium_id=consortium.id, enterprise_id=members_by_name[YUNLIAN].id,
                        topic="冷链仓储岗前培训", kind="pre_job", audience="migrant_workers", headcount=25,
                        preferred_start=date(2026, 4, 6), preferred_end=date(2026, 4, 10), status="submitted"),
    ])
    db.session.flush()
