"""Demo records the book counts: co-built resources, R&D projects, research outputs and demand reports."""
from datetime import date
from decimal import Decimal

from ..extensions import db
from ..records.models import DemandReport, RdProject, ResearchOutput, Resource

ZZZB = "郑州智能装备职业技术学院"
JTGC = "河南交通工程职业学院"
XXZY = "郑州信息职业技术学院"
YIZHONG = "郑州市第一中等专业学校"
JKZZ = "郑州市经开区职业中专"
ZHONGMU = "中牟县职业教育中心"
ZYGY = "中原工业大学"
ZHONGYUAN = "中原重工智能装备股份有限公司"
YUCHEN = "郑州宇辰汽车零部件有限公司"
HENGDA = "河南恒达数控机床有限公司"
HUAXIN = "郑州华芯电子科技有限公司"
YUNLIAN = "中原云链物流有限公司"
SONGSHAN = "郑州嵩山酒店管理有限公司"
ROBOT = "河南智造机器人研究院"
PARK = "郑州经济技术开发区管委会"

# name, kind, partners, established, closed
RESOURCES = [
    ("工业机器人技术（现代学徒制）", "major", (ZZZB, ZHONGYUAN), date(2023, 9, 1), None),
    ("汽车智能技术", "major", (JTGC, YUCHEN), date(2023, 9, 1), None),
    ("数控技术（中高职贯通）", "major", (YIZHONG, ZZZB, HENGDA), date(2024, 9, 1), None),
    ("智能物流技术", "major", (XXZY, YUNLIAN), date(2024, 9, 1), None),
    ("酒店管理与数字化运营", "major", (JKZZ, SONGSHAN), date(2023, 9, 1), date(2025, 7, 31)),
    ("工业机器人现场编程", "course", (ZZZB, ZHONGYUAN), date(2023, 12, 20), None),
    ("数控机床装调与维修", "course", (ZZZB, HENGDA), date(2024, 3, 1), None),
    ("汽车零部件质量检测", "course", (JTGC, YUCHEN), date(2024, 3, 1), None),
    ("电子装联工艺", "course", (XXZY, HUAXIN), date(2024, 9, 1), None),
    ("仓储与配送实务", "course", (XXZY, YUNLIAN), date(2025, 3, 1), None),
    ("PLC 控制系统应用", "course", (YIZHONG, ZHONGYUAN), date(2025, 3, 1), None),
    ("工业机器人操作与运维（活页式）", "textbook", (ZZZB, ZHONGYUAN), date(2024, 8, 15), None),
    ("新能源汽车动力电池检测", "textbook", (JTGC, YUCHEN), date(2025, 6, 30), None),
    ("智能装备产教融合实训基地", "training_base", (ZZZB, ZHONGYUAN, PARK), date(2023, 10, 18), None),
    ("汽车零部件生产性实训基地", "training_base", (JTGC, YUCHEN), date(2024, 5, 20), None),
    ("中牟县智能制造公共实训基地", "training_base", (ZHONGMU, HENGDA), date(2025, 4, 10), None),
    ("中原智能装备产业学院", "industry_college", (ZZZB, ZHONGYUAN, ZYGY), date(2023, 11, 8), None),
    ("宇辰汽车产业学院", "industry_college", (JTGC, YUCHEN), date(2024, 10, 16), None),
    ("智能装备共性技术服务平台", "tech_platform", (ZYGY, ROBOT, ZHONGYUAN), date(2024, 1, 15), None),
    ("数控加工工艺检测服务中心", "tech_platform", (ZZZB, HENGDA), date(2025, 5, 28), None),
    ("全国技术能手王建华大师工作室", "master_studio", (ZZZB, ZHONGYUAN), date(2023, 12, 1), None),
    ("数控技能大师工作室", "master_studio", (YIZHONG, HENGDA), date(2024, 11, 20), None),
]

# code, title, school, enterprise, start, completed, converted, funds (万元), funds year
RD_PROJECTS = [
    ("RD2023001", "重载搬运机器人关节减速器可靠性提升", ZZZB, ZHONGYUAN, date(2023, 7, 1), date(2024, 6, 30), True,
     Decimal("45.00"), 2023),
    ("RD2023002", "汽车座椅骨架焊接变形控制工艺", JTGC, YUCHEN, date(2023, 9, 1), date(2024, 8, 31), True,
     Decimal("28.50"), 2024),
    ("RD2024001", "数控机床主轴热误差补偿系统研发", ZYGY, HENGDA, date(2024, 3, 1), date(2025, 2, 28), False,
     Decimal("60.00"), 2024),
    ("RD2024002", "SMT 产线视觉检测算法优化", XXZY, HUAXIN, date(2024, 4, 15), date(2024, 12, 20), True,
     Decimal("18.00"), 2024),
    ("RD2024003", "智能仓储 AGV 调度系统", XXZY, YUNLIAN, date(2024, 6, 1), date(2025, 5, 31), False,
     Decimal("22.00"), 2025),
    ("RD2024004", "工业机器人离线编程教学平台", ZZZB, ZHONGYUAN, date(2024, 9, 1), date(2025, 8, 31), True,
     Decimal("35.00"), 2025),
    ("RD2025001", "新能源汽车电池托盘轻量化设计", JTGC, YUCHEN, date(2025, 3, 1), None, False,
     Decimal("40.00"), 2025),
    ("RD2025002", "数控刀具磨损在线监测装置", ZZZB, HENGDA, date(2025, 5, 1), None, False, None, None),
]

# title, kind, date, members
OUTPUTS = [
    ("一种工业机器人关节减速器润滑装置", "utility_model", date(2023, 11, 20), (ZZZB, ZHONGYUAN)),
    ("汽车座椅骨架焊接夹具", "utility_model", date(2024, 3, 8), (JTGC, YUCHEN)),
    ("基于热误差模型的数控机床主轴补偿方法", "invention_patent", date(2024, 10, 25), (ZYGY, HENGDA)),
    ("一种 SMT 焊点视觉检测方法", "invention_patent", date(2025, 1, 16), (XXZY, HUAXIN)),
    ("一种可拆装式数控实训工作台", "utility_model", date(2024, 6, 12), (YIZHONG, HENGDA)),
    ("智能仓储 AGV 多车协同调度装置", "utility_model", date(2025, 4, 2), (XXZY, YUNLIAN)),
    ("校企协同“岗课赛证”育人模式的探索与实践", "award", date(2024, 12, 18), (ZZZB, ZHONGYUAN, ZYGY)),
    ("河南省科技进步奖三等奖：重载机器人可靠性关键技术", "award", date(2025, 6, 5), (ZYGY, ZHONGYUAN)),
    ("工业机器人系统运维员职业技能评价规范（团体标准）", "standard", date(2024, 9, 30), (ZZZB, ZHONGYUAN, ROBOT)),
    ("汽车零部件生产性实训基地建设规范（地方标准）", "standard", date(2025, 7, 15), (JTGC, YUCHEN)),
    ("数控机床装调维修实训教学资源库", "other", date(2024, 7, 1), (ZZZB, HENGDA)),
    ("智能装备产业链人才需求分析模型", "other", date(2025, 9, 20), (ZYGY, ROBOT)),
]

REPORTS = [
    ("2024 年郑州经开区智能装备产业人才需求报告",
     "调研成员企业 56 家，预计 2024—2025 年新增技术技能岗位约 3200 个，工业机器人运维、数控加工、"
     "汽车电子装调岗位缺口最大。", date(2024, 4, 22)),
    ("2025 年郑州经开区汽车及零部件产业人才需求报告",
     "新能源汽车零部件产能扩张带来电池检测、智能产线运维等岗位约 2100 个，建议增设订单班 6 个。", date(2025, 4, 18)),
    ("2026 年智能物流人才需求报告（草稿）", "正在汇总成员企业问卷。", None),
]


def load(consortium, members_by_name: dict) -> None:
    """Create the demo records for the consortium (member names must be the demo members')."""
    for name, kind, partners, established, closed in RESOURCES:
        db.session.add(Resource(consortium_id=consortium.id, name=name, kind=kind, established_date=established,
                                closed_date=closed, partners=[members_by_name[p] for p in partners]))
    for code, title, school, enterprise, start, completed, converted, funds, funds_year in RD_PROJECTS:
        db.session.add(RdProject(consortium_id=consortium.id, code=code, title=title,
                                 school_id=members_by_name[school].id, enterprise_id=members_by_name[enterprise].id,
                                 start_date=start, completed_date=completed, converted=converted,
                                 funds_received=funds, funds_year=funds_year))
    for title, kind, day, members in OUTPUTS:
        db.session.add(ResearchOutput(consortium_id=consortium.id, title=title, kind=kind, date=day,
                                      members=[members_by_name[m] for m in members]))
    for title, summary, published in REPORTS:
        db.session.add(DemandReport(consortium_id=consortium.id, title=title, summary=summary,
                                    published_date=published))
    db.session.flush()
