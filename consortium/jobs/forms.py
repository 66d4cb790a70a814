"""Forms for positions, applications, placements, compliance documents and joint programmes."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..people.forms import _int_or_none
from ..vocab import CANDIDATE_KINDS, PLACEMENT_STATUSES, POSITION_KINDS, POSITION_STATUSES, PROGRAMME_KINDS, SLOT_STATUSES


class PositionForm(FlaskForm):
    enterprise_id = SelectField(_l("企业"), coerce=_int_or_none, validators=[DataRequired(_l("请选择企业"))])
    code = StringField(_l("岗位编号"), validators=[DataRequired(_l("请填写岗位编号")), Length(max=40)])
    title = StringField(_l("岗位名称"), validators=[DataRequired(_l("请填写岗位名称")), Length(max=200)])
    kind = SelectField(_l("岗位类型"), choices=POSITION_KINDS.choices())
    status = SelectField(_l("状态"), choices=POSITION_STATUSES.choices(), default="draft")
    majors = StringField(_l("专业要求（用顿号或逗号分隔，留空为不限）"), validators=[Optional(), Length(max=500)])
    skills = StringField(_l("技能要求（用顿号或逗号分隔）"), validators=[Optional(), Length(max=500)])
    city = StringField(_l("工作城市"), validators=[Optional(), Length(max=50)])
    slots = IntegerField(_l("名额"), validators=[InputRequired(_l("请填写名额")), NumberRange(min=0, message=_l("名额应为不小于 0 的整数"))])
    start_date = DateField(_l("开始日期"), validators=[DataRequired(_l("请填写开始日期"))])
    end_date = DateField(_l("结束日期"), validators=[Optional()])
    late_join_days = IntegerField(_l("开始后仍可加入的天数"), default=30,
                                  validators=[Optional(), NumberRange(min=0, max=3650,
                                                                      message=_l("开始后可加入天数应为 0–3650 的整数"))],
                                  description=_l("开始日期之后多少天内仍接受新人加入（默认 30 天，0 表示开始后不再接受）"))
    description = TextAreaField(_l("岗位描述"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 5})
    submit = SubmitField(_l("保存"))


class ActionForm(FlaskForm):
    """A button that changes state: only the CSRF token and one value."""

    value = HiddenField()


class ApplyForm(FlaskForm):
    note = TextAreaField(_l("给企业的留言（可选）"), validators=[Optional(), Length(max=500, message=_l("留言不超过 500 字"))],
                         render_kw={"rows": 2})
    submit = SubmitField(_l("提交申请"))


class ComplianceForm(FlaskForm):
    agreement_signed_date = DateField(_l("三方协议签订日期"), validators=[Optional()])
    agreement_scan = FileField(_l("三方协议扫描件（PDF/JPEG/PNG，不超过 10 MB）"))
    insurer = StringField(_l("保险公司"), validators=[Optional(), Length(max=100)])
    policy_no = StringField(_l("保单号"), validators=[Optional(), Length(max=60)])
    insurance_start = DateField(_l("保险起期"), validators=[Optional()])
    insurance_end = DateField(_l("保险止期"), validators=[Optional()])
    submit = SubmitField(_l("保存协议和保险"))


class OverrideForm(FlaskForm):
    reason = TextAreaField(_l("豁免理由"), validators=[DataRequired(_l("请说明豁免理由")), Length(max=500)],
                           render_kw={"rows": 2})
    submit = SubmitField(_l("豁免并记录"))


class RecordPlacementForm(FlaskForm):
    position_id = SelectField(_l("岗位"), coerce=_int_or_none, validators=[DataRequired(_l("请选择岗位"))])
    candidate_kind = SelectField(_l("候选人类型"), choices=CANDIDATE_KINDS.choices())
    org_id = SelectField(_l("学校或所在单位"), coerce=_int_or_none, validators=[DataRequired(_l("请选择单位"))])
    number = StringField(_l("学号或工号"), validators=[DataRequired(_l("请填写学号或工号")), Length(max=40)])
    status = SelectField(_l("状态"), choices=PLACEMENT_STATUSES.choices(keys=SLOT_STATUSES),
                         default="completed")
    start_date = DateField(_l("开始日期"), validators=[DataRequired(_l("请填写开始日期"))])
    end_date = DateField(_l("结束日期"), validators=[Optional()])
    submit = SubmitField(_l("补录"))


class ProgrammeForm(FlaskForm):
    name = StringField(_l("项目名称"), validators=[DataRequired(_l("请填写项目名称")), Length(max=200)])
    kind = SelectField(_l("类型"), choices=PROGRAMME_KINDS.choices())
    school_id = SelectField(_l("学校"), coerce=_int_or_none, validators=[DataRequired(_l("请选择学校"))])
    enterprise_id = SelectField(_l("企业"), coerce=_int_or_none, validators=[DataRequired(_l("请选择企业"))])
    start_date = DateField(_l("开始日期"), validators=[DataRequired(_l("请填写开始日期"))])
    end_date = DateField(_l("结束日期"), validators=[Optional()])
    students = TextAreaField(_l("学生学号（每行一个，或用逗号、顿号分隔）"), validators=[Optional(), Length(max=20000)],
                                render_kw={"rows": 6})
    submit = SubmitField(_l("保存"))
