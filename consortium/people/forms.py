"""Forms for student and teacher records and their accounts."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..members import lookups
from ..vocab import ADMISSION_ROUTES, GENDERS, OUTCOMES, PATHWAYS, POSTS

YEAR = NumberRange(1950, 2100, _l("年份无效"))


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class StudentForm(FlaskForm):
    school_id = SelectField(_l("学校"), coerce=_int_or_none, validators=[DataRequired(_l("请选择学校"))])
    student_no = StringField(_l("学号"), validators=[DataRequired(_l("请填写学号")), Length(max=40)])
    name = StringField(_l("姓名"), validators=[DataRequired(_l("请填写姓名")), Length(max=100)])
    id_number = StringField(_l("身份证号"), validators=[Optional(), Length(max=30)],
                            render_kw={"autocomplete": "off"})
    gender = SelectField(_l("性别"), choices=GENDERS.choices(blank=_l("（未填）")), validators=[Optional()])
    phone = StringField(_l("手机号"), validators=[Optional(), Length(max=30)], render_kw={"autocomplete": "off"})
    major = StringField(_l("专业"), validators=[DataRequired(_l("请填写专业")), Length(max=100)])
    major_code = StringField(_l("专业代码"), validators=[Optional(), Length(max=12)])
    skills = StringField(_l("技能（用顿号或逗号分隔）"), validators=[Optional(), Length(max=500)])
    city = StringField(_l("意向城市"), validators=[Optional(), Length(max=50)])
    enrol_year = IntegerField(_l("入学年份"), validators=[Optional(), YEAR])
    graduation_year = IntegerField(_l("毕业年份（在读留空）"), validators=[Optional(), YEAR])
    pathway = SelectField(_l("培养路径"), choices=PATHWAYS.choices(), default="none")
    admission_route = SelectField(_l("招生类型"), choices=ADMISSION_ROUTES.choices(), default="regular")
    outcome = SelectField(_l("毕业去向"), choices=OUTCOMES.choices(blank=_l("（未毕业）")), validators=[Optional()])
    outcome_city = StringField(_l("就业城市"), validators=[Optional(), Length(max=50)])
    available_from = DateField(_l("可实习开始日期"), validators=[Optional()])
    available_to = DateField(_l("可实习结束日期"), validators=[Optional()])
    submit = SubmitField(_l("保存"))


class AvailabilityForm(FlaskForm):
    """可实习时间 on the student's page: when the student can take a placement."""

    available_from = DateField(_l("可实习开始日期"), validators=[Optional()])
    available_to = DateField(_l("可实习结束日期"), validators=[Optional()])
    submit = SubmitField(_l("保存可实习时间"))


class TeacherForm(FlaskForm):
    employer_id = SelectField(_l("所在单位"), coerce=_int_or_none, validators=[DataRequired(_l("请选择所在单位"))])
    staff_no = StringField(_l("工号"), validators=[DataRequired(_l("请填写工号")), Length(max=40)])
    name = StringField(_l("姓名"), validators=[DataRequired(_l("请填写姓名")), Length(max=100)])
    subject = StringField(_l("专业领域"), validators=[Optional(), Length(max=100)])
    skills = StringField(_l("技能（用顿号或逗号分隔）"), validators=[Optional(), Length(max=500)])
    dual_qualified = BooleanField(_l("双师型"))
    dual_evidence = StringField(_l("双师型认定依据"), validators=[Optional(), Length(max=500)])
    post = SelectField(_l("岗位类型"), choices=POSTS.choices(), default="fixed")
    city = StringField(_l("城市"), validators=[Optional(), Length(max=50)])
    serves_school_id = SelectField(_l("服务学校（企业导师）"), coerce=_int_or_none, validators=[Optional()])
    submit = SubmitField(_l("保存"))


class AccountForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(_l("请填写用户名")), Length(max=80)],
                           render_kw={"autocomplete": "off"})
    password = PasswordField(_l("初始密码"), validators=[DataRequired(_l("请填写初始密码")), Length(min=8, max=128)],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("创建账号"))


def member_choices(consortium_id: int, types) -> list[tuple[int, str]]:
    """(id, name) of the consortium's members of these types, by name, for select fields."""
    return sorted(lookups.member_choices(consortium_id, types=tuple(types)), key=lambda row: row[1])


class RevealForm(FlaskForm):
    """Reveal a masked ID number or phone: the reason goes to the audit log."""
    reason = StringField(_l("查看理由"), validators=[DataRequired(_l("请填写查看完整号码的理由")), Length(max=200)],
                         render_kw={"autocomplete": "off", "maxlength": 200})
    submit = SubmitField(_l("查看完整号码"))
