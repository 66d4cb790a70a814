"""Annex 1 (市域产教联合体建设指标): the 7 groups and their observation points, verbatim from the notice."""

GROUPS = {
    "1": "基本情况",
    "2": "运行机制",
    "3": "共建共享",
    "4": "人才培养",
    "5": "服务发展",
    "6": "特色创新",
    "7": "其他",
}

# (code, group, text)
POINTS = (
    ("1.1", "1", "联合体依托的产业园区总产值在省内位于前列,主要以先进制造业、现代服务业、现代农业等为核心主导产业;联合体职业教育资源富集,涵盖中职、高职(含职教本科)学校,吸纳普通本科学校作为成员"),
    ("1.2", "1", "将联合体建设情况纳入产业园区工作考核指标和职业教育工作目标考核体系"),
    ("1.3", "1", "教育部门会同其他有关部门建立密切配合的协调联动机制,明确职责分工,划定重点任务,提出时间节点"),
    ("1.4", "1", "经费投入和其他政策支持力度较大,明确支持职业教育的金融、财政、税费、土地、信用、就业和收入分配等激励政策的具体举措,相关政策落地实施"),
    ("2.1", "2", "成立政府、企业、学校、科研机构等多方参与的理事会(董事会)"),
    ("2.2", "2", "建立多元协同、共建共管的治理模式,达到产权明晰、组织完备、机制健全、运行高效的实体化运作要求"),
    ("2.3", "2", "建立市域产教联合体章程、运营管理制度等,构建市域产教联合体人员聘用及评价体系、绩效考核体系、运营质量保障体系等"),
    ("2.4", "2", "理事会(董事会)管理决策、秘书处(办公室)日常工作、各执行机构(包括分支机构)运行规范明晰"),
    ("3.1", "3", "联合体内各类主体共商培养方案、共组教学团队、共建教学资源,共同实施学业考核评价,积极探索高技能人才培养的新模式,广泛开展校企联合招生、联合培养、岗位成才的中国特色学徒制"),
    ("3.2", "3", "龙头企业深度参与职业学校专业规划、人才培养标准、教材课程开发、师资队伍建设等各个环节,并取得实际成效"),
    ("3.3", "3", "对标产业发展前沿,联合体成员单位共建产教融合实训基地和产业学院,促进教育链、人才链与产业链、创新链紧密结合"),
    ("3.4", "3", "设置灵活的用人机制,采取固定岗与流动岗相结合的方式,聘请企业工程技术人员、高技能人才、管理人员、能工巧匠等到校全职或兼职工作"),
    ("3.5", "3", "校企联合制订人才培养方案或职工培训方案,实现人员互相兼职,相互为学生实习实训、教师实践、学生就业创业、员工培训、企业技术和产品研发、成果转移转化等提供支持"),
    ("4.1", "4", "搭建人才供需信息平台，职业学校紧贴市场和就业形势，完善职业教育专业动态调整机制，促进专业布局与当地产业结构紧密对接"),
    ("4.2", "4", "坚持服务学生全面发展，通过校企协作育人，积极塑造学生的价值观念、职业技能意识以及社会责任感，有效提升学生的实践能力、沟通合作能力、可持续发展能力"),
    ("4.3", "4", "联合体各类主体深度参与职业学校专业规划、人才培养规格确定、课程开发、师资队伍建设，及时把新方法、新技术、新工艺、新标准引入教育教学实践"),
    ("4.4", "4", "企业按岗位总量一定比例设立岗位，接受学生来企实习实训和教师岗位实践"),
    ("4.5", "4", "联合体所在省建立完善“文化素质+职业技能”考试招生办法，支持联合体内中职、高职高专、本科学校合作分段培养或贯通培养学生，鼓励普通本科学校招收符合条件的中高职毕业生和企业一线优秀员工就读本科和专业学位研究生教育"),
    ("5.1", "5", "建设共性技术服务平台，支持联合体内职业学校、普通高校、科研机构与企业开展协同攻关，为园区企业提供技术咨询与服务，促进技术创新、工艺改进、产品升级，解决实际生产问题"),
    ("5.2", "5", "联合体校企合作开展技术研发的成果转化率较高，合作取得一批研究成果（包括发明专利、实用新型专利等）、一批省部级奖励（包括教育教学成果、创新创业实践成果、科技创新成果等）"),
    ("5.3", "5", "联合制订培训规划，支持联合体内学校积极承接企业员工开展岗前培训、岗位培训、继续教育等，提升企业员工的技能水平和岗位适应能力，培训效果好"),
    ("5.4", "5", "联合体积极服务制造强国、乡村振兴、共同富裕、“一带一路”倡议等国家和区域重大发展战略，取得显著成效"),
    ("6.1", "6", "联合体在服务区域经济社会发展等方面理念先进、特色鲜明、成绩突出"),
    ("6.2", "6", "联合体在制度建设、运行机制等方面改革创新，并取得明显成效，具有推广价值"),
    ("6.3", "6", "联合体促进了本地区本行业职业教育发展，提升了职业教育的社会影响力"),
    ("7", "7", "联合体近3年内在招生、就业、安全等领域发生过重大违法违规事件、造成不良社会影响的，酌情扣分"),
)

# The platform's own figures that serve as evidence for a point (the drill-down of each is its record list).
FIGURE_EVIDENCE = {
    "1.1": ("members.secondary_vocational.count", "members.higher_vocational.count", "members.undergraduate.count",
            "park.output_value"),
    "3.1": ("joint.apprenticeship.students", "joint.field_engineer.students", "joint.other.students"),
    "3.3": ("cobuilt.training_bases", "cobuilt.industry_colleges"),
    "3.4": ("teachers.enterprise_part_time.person_times", "teachers.inter_school_part_time.person_times"),
    "4.1": ("demand_reports.published",),
    "4.4": ("internship.person_months", "apprenticeship.post_ratio_pct", "teachers.enterprise_practice.person_months"),
    "4.5": ("pathway.secondary_higher.students", "pathway.secondary_higher_undergrad.students",
            "pathway.undergrad_admissions", "pathway.exam_progression_pct"),
    "5.1": ("service.tech_platforms",),
    "5.2": ("service.rd_conversion_pct", "service.research_outputs"),
    "5.3": ("training.enterprise_employees.person_days", "service.skill_certifications"),
}
# Point 7 reads the incident registers (book.services.declaration).
REGISTER_POINT = "7"
RATINGS = {"A": "优秀", "B": "良好", "C": "合格", "D": "待改进"}  # vocab.SELF_RATINGS (the DOCX prints Chinese)


def point_codes() -> list[str]:
    return [code for code, _group, _text in POINTS]
