"""Forms for training sessions, roster entries, certificates and training requests."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..vocab import AUDIENCES, CERTIFICATE_LEVELS, COMPLETION, TRAINING_KINDS

NONNEG = NumberRange(min=0, message=_l("不能为负数"))


def optional_int(value):
    """Select values: '' means none."""
    if value in (None, "", "None"):
        return None
    return int(value)


def _member_select(label):
    return SelectField(label, coerce=optional_int, choices=[], validators=[Optional()], validate_choice=True)


def with_blank(choices, blank=None):
    return [("", blank or _l("（无）"))] + list(choices)


class SessionForm(FlaskForm):
    code = StringField(_l("培训编号"), validators=[DataRequired(_l("请填写培训编号")), Length(max=50)])
    title = StringField(_l("培训名称"), validators=[DataRequired(_l("请填写培训名称")), Length(max=200)])
    kind = SelectField(_l("培训类型"), choices=TRAINING_KINDS.choices())
    audience = SelectField(_l("培训对象"), choices=AUDIENCES.choices())
    provider_id = _member_select(_l("承训单位（成员）"))
    provider_name = StringField(_l("非成员承训单位名称"), validators=[Optional(), Length(max=200)],
                                description=_l("承训单位不是联合体成员时填写；不计入推荐书数据"))
    host_id = _member_select(_l("培训企业（成员）"))
    venue = StringField(_l("培训地点"), validators=[Optional(), Length(max=200)])
    start_date = DateField(_l("开始日期"), validators=[DataRequired(_l("请填写开始日期"))])
    end_date = DateField(_l("结束日期"), validators=[DataRequired(_l("请填写结束日期"))])
    days = DecimalField(_l("培训天数"), places=1, validators=[Optional()],
                        description=_l("可填小数，如 5 个半天填 2.5；留空则按起止日期的日历天数计算"))
    hours = DecimalField(_l("学时"), places=1, validators=[Optional(), NONNEG])
    participants = IntegerField(_l("结业人数"), validators=[Optional(), NONNEG],
                                description=_l("登记了培训名单时，以名单中的结业人数为准"))
    plan_year = IntegerField(_l("计划年度"), validators=[Optional(), NumberRange(2000, 2100, _l("年度应在 2000 到 2100 之间"))])
    notes = TextAreaField(_l("备注"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("保存"))


class RosterEntryForm(FlaskForm):
    name = StringField(_l("姓名"), validators=[DataRequired(_l("请填写姓名")), Length(max=100)])
    id_number = StringField(_l("身份证号"), validators=[Optional(), Length(max=30)],
                            description=_l("只保存脱敏后的号码"))
    employer_id = _member_select(_l("所在单位（成员）"))
    employer_name = StringField(_l("所在单位（其他）"), validators=[Optional(), Length(max=200)])
    status = SelectField(_l("结业情况"), choices=COMPLETION.choices(), default="completed")
    submit = SubmitField(_l("加入名单"))


class RosterStatusForm(FlaskForm):
    status = SelectField(_l("结业情况"), choices=COMPLETION.choices())
    submit = SubmitField(_l("更新"))


class CertificateForm(FlaskForm):
    certificate_no = StringField(_l("证书编号"), validators=[DataRequired(_l("请填写证书编号")), Length(max=50)])
    holder_name = StringField(_l("持证人姓名"), validators=[DataRequired(_l("请填写持证人姓名")), Length(max=100)])
    holder_id_number = StringField(_l("身份证号"), validators=[Optional(), Length(max=30)])
    name = StringField(_l("证书名称（职业/工种）"), validators=[DataRequired(_l("请填写证书名称")), Length(max=200)])
    level = SelectField(_l("等级"), coerce=optional_int, choices=CERTIFICATE_LEVELS.choices())
    issued_date = DateField(_l("发证日期"), validators=[DataRequired(_l("请填写发证日期"))])
    issuer_id = _member_select(_l("发证单位（成员）"))
    issuer_name = StringField(_l("发证机构（非成员）"), validators=[Optional(), Length(max=200)])
    session_id = SelectField(_l("对应培训"), coerce=optional_int, choices=[], validators=[Optional()])
    submit = SubmitField(_l("保存"))


class RequestForm(FlaskForm):
    enterprise_id = _member_select(_l("提出需求的企业"))
    topic = StringField(_l("培训主题"), validators=[DataRequired(_l("请填写培训主题")), Length(max=200)])
    kind = SelectField(_l("培训类型"), choices=TRAINING_KINDS.choices(blank=_l("（不限）")), validators=[Optional()])
    audience = SelectField(_l("培训对象"), choices=AUDIENCES.choices())
    headcount = IntegerField(_l("培训人数"), validators=[InputRequired(_l("请填写培训人数")),
                                                     NumberRange(min=1, message=_l("培训人数应大于 0"))])
    preferred_start = DateField(_l("期望开始日期"), validators=[Optional()])
    preferred_end = DateField(_l("期望结束日期"), validators=[Optional()])
    notes = TextAreaField(_l("具体要求"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("提交需求"))


class AssignForm(FlaskForm):
    provider_id = SelectField(_l("承训学校"), coerce=optional_int, choices=[],
                              validators=[DataRequired(_l("请选择承训学校"))])
    submit = SubmitField(_l("分派"))


class ConfirmForm(FlaskForm):
    """A bare form for POST buttons (delete, cancel): it carries the CSRF token."""
    submit = SubmitField(_l("确认"))
