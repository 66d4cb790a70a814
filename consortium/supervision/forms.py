"""Forms of the supervision pages (CSRF on every one)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..vocab import ABSENCE_REASONS, INCIDENT_KINDS, INCIDENT_SEVERITIES, INCIDENT_STATUSES, LOG_CADENCES


class ActionForm(FlaskForm):
    """A button that changes state: the CSRF token and one value."""

    value = HiddenField()


class LogForm(FlaskForm):
    day = DateField(_l("日期（所属时段内任一天）"), validators=[Optional()])
    body = TextAreaField(_l("内容"), validators=[DataRequired(_l("请填写日志内容")), Length(max=5000)],
                         render_kw={"rows": 8, "data-limit": 5000})
    files = MultipleFileField(_l("照片或附件（最多 5 个，每个不超过 10 MB）"))
    submit = SubmitField(_l("提交"))


class EditLogForm(FlaskForm):
    body = TextAreaField(_l("内容"), validators=[DataRequired(_l("请填写日志内容")), Length(max=5000)],
                         render_kw={"rows": 8, "data-limit": 5000})
    submit = SubmitField(_l("保存修改"))


class CountersignForm(FlaskForm):
    decision = HiddenField(validators=[DataRequired()])
    comment = TextAreaField(_l("批阅意见（退回时必填）"), validators=[Length(max=1000)], render_kw={"rows": 2})


class CommentForm(FlaskForm):
    comment = TextAreaField(_l("指导教师评语"), validators=[DataRequired(_l("请填写评语")), Length(max=1000)],
                            render_kw={"rows": 2})
    submit = SubmitField(_l("保存评语"))


class CheckinForm(FlaskForm):
    code = StringField(_l("签到码（6 位数字）"), validators=[DataRequired(_l("请输入签到码"))],
                       render_kw={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 6,
                                  "pattern": "[0-9]*"})
    kind = HiddenField(default="in")
    lat = HiddenField()
    lng = HiddenField()


class PersonForm(FlaskForm):
    user_id = SelectField(_l("人员"), coerce=int, validators=[InputRequired()])
    submit = SubmitField(_l("指定"))


class CadenceForm(FlaskForm):
    cadence = SelectField(_l("日志频率"), choices=list(LOG_CADENCES.items()))
    submit = SubmitField(_l("保存"))


class SiteForm(FlaskForm):
    lat = StringField(_l("纬度"), validators=[DataRequired()])
    lng = StringField(_l("经度"), validators=[DataRequired()])
    radius_m = IntegerField(_l("签到范围（米）"), default=1000, validators=[Optional(), NumberRange(min=1)])
    submit = SubmitField(_l("保存地点"))


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("理由"), validators=[DataRequired(_l("请说明理由")), Length(min=4, max=500)],
                           render_kw={"rows": 2})
    submit = SubmitField(_l("记录豁免"))


class MessageForm(FlaskForm):
    body = TextAreaField(_l("留言"), validators=[DataRequired(_l("请填写留言内容")), Length(max=2000)],
                         render_kw={"rows": 2})
    submit = SubmitField(_l("发送"))


class AbsenceForm(FlaskForm):
    day = DateField(_l("日期"), validators=[DataRequired()])
    reason = SelectField(_l("原因"), choices=list(ABSENCE_REASONS.items()))
    note = StringField(_l("说明"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("提交说明"))


class IncidentForm(FlaskForm):
    occurred_on = DateField(_l("发生日期"), validators=[DataRequired(_l("请填写发生日期"))])
    kind = SelectField(_l("类型"), choices=list(INCIDENT_KINDS.items()))
    severity = SelectField(_l("严重程度"), choices=list(INCIDENT_SEVERITIES.items()))
    description = TextAreaField(_l("经过"), validators=[DataRequired(_l("请描述经过")), Length(max=5000)],
                                render_kw={"rows": 3})
    submit = SubmitField(_l("登记"))


class IncidentUpdateForm(FlaskForm):
    handling = TextAreaField(_l("处理情况"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 2})
    status = SelectField(_l("状态"), choices=list(INCIDENT_STATUSES.items()))
    submit = SubmitField(_l("更新"))


class SupervisorGradeForm(FlaskForm):
    score = IntegerField(_l("成绩（0–100）"), validators=[InputRequired(), NumberRange(min=0, max=100)])
    comment = TextAreaField(_l("评语"), validators=[Optional(), Length(max=4000)], render_kw={"rows": 3})
    submit = SubmitField(_l("提交评定"))


class SelfAssessmentForm(FlaskForm):
    comment = TextAreaField(_l("自我评价"), validators=[DataRequired(_l("请填写自我评价")), Length(max=4000)],
                            render_kw={"rows": 4})
    satisfaction = SelectField(_l("对实习单位的满意度"), coerce=int,
                               choices=[(5, _l("5 非常满意")), (4, _l("4 满意")), (3, _l("3 一般")),
                                        (2, _l("2 不满意")), (1, _l("1 非常不满意"))])
    submit = SubmitField(_l("提交"))
