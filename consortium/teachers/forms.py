"""Forms for engagements, their sessions, 双师型 evidence and practice targets."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..vocab import EVIDENCE_KINDS


class EngagementForm(FlaskForm):
    teacher_id = SelectField(_l("教师"), coerce=int, validators=[DataRequired(_l("请选择教师"))])
    host_id = SelectField(_l("授课学校"), coerce=int, validators=[DataRequired(_l("请选择授课学校"))])
    course = StringField(_l("课程"), validators=[DataRequired(_l("请填写课程")), Length(max=200)])
    start_date = DateField(_l("开始日期"), validators=[DataRequired(_l("请填写开始日期"))])
    end_date = DateField(_l("结束日期（未结束可不填）"), validators=[Optional()])
    class_hours = DecimalField(_l("申报课时数（逐次登记课时后以登记合计为准）"), places=1,
                               validators=[Optional(), NumberRange(min=0, message=_l("不能为负数"))])
    submit = SubmitField(_l("保存"))


class SessionForm(FlaskForm):
    date = DateField(_l("授课日期"), validators=[DataRequired(_l("请填写日期"))])
    hours = DecimalField(_l("课时"), places=1, validators=[InputRequired(_l("请填写课时")),
                                                          NumberRange(min=0.1, max=24, message=_l("单次课时应大于 0 且不超过 24"))])
    topic = StringField(_l("授课内容"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("登记课时"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("确认授课及课时"))


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("删除"))


class EvidenceForm(FlaskForm):
    kind = SelectField(_l("类型"), choices=EVIDENCE_KINDS.choices())
    title = StringField(_l("名称"), validators=[DataRequired(_l("请填写名称")), Length(max=200)])
    issuer = StringField(_l("发证机构或工作单位"), validators=[Optional(), Length(max=200)])
    issued_date = DateField(_l("日期"), validators=[Optional()])
    note = StringField(_l("备注"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("添加佐证"))


class TargetForm(FlaskForm):
    year = IntegerField(_l("年度"), validators=[DataRequired(_l("请填写年度")), NumberRange(2000, 2100)])
    months_per_teacher = DecimalField(_l("每名教师企业实践（月）"), places=1,
                                      validators=[InputRequired(_l("请填写月数")),
                                                  NumberRange(min=0, max=12, message=_l("每人月数应在 0 到 12 之间"))])
    submit = SubmitField(_l("保存目标"))
