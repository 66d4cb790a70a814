"""Forms for the consortium profile, member organizations and enterprise figures."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..vocab import MEMBER_ROLES, MEMBER_TYPES, NARRATIVES, SECTORS

NONNEG = NumberRange(min=0, message=_l("不能为负数"))


def _money(label):
    return DecimalField(label, places=2, validators=[Optional(), NONNEG])


class ProfileForm(FlaskForm):
    name = StringField(_l("联合体名称"), validators=[DataRequired(_l("请填写联合体名称")), Length(max=200)])
    city = StringField(_l("所在城市"), validators=[DataRequired(_l("请填写所在城市")), Length(max=50)])
    established_date = DateField(_l("（拟）成立时间"), validators=[Optional()])
    park_name = StringField(_l("依托园区"), validators=[Optional(), Length(max=200)])
    leading_industries = StringField(_l("主导产业"), validators=[Optional(), Length(max=500)])
    leader_name = StringField(_l("联合体负责人"), validators=[Optional(), Length(max=50)])
    leader_title = StringField(_l("职务"), validators=[Optional(), Length(max=100)])
    leader_contact = StringField(_l("联系方式"), validators=[Optional(), Length(max=100)])
    secretariat_host = StringField(_l("秘书处所在单位"), validators=[Optional(), Length(max=200)])
    secretariat_head = StringField(_l("秘书处负责人"), validators=[Optional(), Length(max=50)])
    office_area = DecimalField(_l("固定办公面积（平方米）"), places=2, validators=[Optional(), NONNEG])
    secretariat_phone = StringField(_l("联系电话"), validators=[Optional(), Length(max=50)])
    staff_total = IntegerField(_l("人员总数"), validators=[Optional(), NONNEG])
    staff_full_time = IntegerField(_l("专职人数"), validators=[Optional(), NONNEG])
    staff_part_time = IntegerField(_l("兼职人数"), validators=[Optional(), NONNEG])
    staff_names = StringField(_l("人员姓名"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("保存"))


class ConsortiumYearForm(FlaskForm):
    year = IntegerField(_l("年度"), validators=[DataRequired(_l("请填写年度")), NumberRange(2000, 2100, _l("年度应在 2000 到 2100 之间"))])
    planned_funds = _money(_l("拟投入运行经费总额（万元）"))
    source_lead_unit = _money(_l("牵头单位负担（万元）"))
    source_government = _money(_l("政府核拨（万元）"))
    source_other_members = _money(_l("其他成员负担（万元）"))
    source_other = _money(_l("其他途径（万元）"))
    park_output_value = DecimalField(_l("产业园区总产值（亿元）"), places=2, validators=[Optional(), NONNEG])
    submit = SubmitField(_l("保存年度数据"))


class NarrativeForm(FlaskForm):
    year = IntegerField(_l("年度"), validators=[DataRequired(_l("请填写年度")), NumberRange(2000, 2100)])
    submit = SubmitField(_l("保存文字材料"))


for _key, (_label, _limit) in NARRATIVES.items():
    # Limits are checked by the service too; the form field shows them to the clerk.
    setattr(NarrativeForm, _key, TextAreaField(_label, validators=[Optional()],
                                               render_kw={"rows": 4 if _limit <= 500 else 8, "data-limit": _limit}))


class MemberForm(FlaskForm):
    name = StringField(_l("单位名称"), validators=[DataRequired(_l("请填写单位名称")), Length(max=200)])
    type = SelectField(_l("类型"), choices=MEMBER_TYPES.choices())
    role = SelectField(_l("角色"), choices=MEMBER_ROLES.choices(), default="member")
    city = StringField(_l("所在城市"), validators=[Optional(), Length(max=50)])
    students = IntegerField(_l("在校生数（学校填写）"), validators=[Optional(), NONNEG])
    sector = SelectField(_l("行业（企业填写）"), choices=SECTORS.choices(blank=_l("（无）")),
                         validators=[Optional()])
    joined_date = DateField(_l("加入日期"), validators=[DataRequired(_l("请填写加入日期"))])
    left_date = DateField(_l("退出日期"), validators=[Optional()])
    contact_name = StringField(_l("联系人"), validators=[Optional(), Length(max=50)])
    contact_phone = StringField(_l("联系电话"), validators=[Optional(), Length(max=50)])
    notes = TextAreaField(_l("备注"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("保存"))


class LeaveForm(FlaskForm):
    left_date = DateField(_l("退出日期"), validators=[DataRequired(_l("请填写退出日期"))])
    submit = SubmitField(_l("登记退出"))


class EnterpriseYearForm(FlaskForm):
    year = IntegerField(_l("年度"), validators=[DataRequired(_l("请填写年度")), NumberRange(2000, 2100, _l("年度应在 2000 到 2100 之间"))])
    employees = IntegerField(_l("职工总数（人）"), validators=[Optional(), NONNEG])
    assets = _money(_l("资产总额（万元）"))
    sales = _money(_l("销售总额（万元）"))
    main_revenue = _money(_l("主营业务收入（万元）"))
    coop_benefit = _money(_l("校企合作直接经济效益（万元）"))
    submit = SubmitField(_l("保存"))
