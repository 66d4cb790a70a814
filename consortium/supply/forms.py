"""Forms of the supply-and-demand pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..vocab import ADJUSTMENT_ACTIONS, EVENT_KINDS, FORECAST_LEVELS

LIST_HINT = _l("多项用 、 或 逗号 分隔")


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class ForecastForm(FlaskForm):
    enterprise_id = SelectField(_l("企业"), coerce=optional_int, choices=[])
    year = IntegerField(_l("需求年度"), validators=[DataRequired(_l("请填写需求年度"))],
                        description=_l("填报当年起 3 年内"))
    occupation = StringField(_l("职业（工种）"), validators=[DataRequired(_l("请填写职业（工种）")), Length(max=100)],
                             description=_l("按《职业分类大典（2022）》名称自动匹配"),
                             render_kw={"list": "occupation-list", "autocomplete": "off"})
    level = SelectField(_l("学历层次"), choices=FORECAST_LEVELS.choices())
    headcount = IntegerField(_l("需求人数"), validators=[DataRequired(_l("请填写需求人数")),
                                                       NumberRange(1, 100000, _l("需求人数应为 1–100000"))])
    month = IntegerField(_l("需求月份"), validators=[Optional(), NumberRange(1, 12, _l("需求月份应为 1–12"))])
    majors = StringField(_l("需求专业"), validators=[Optional(), Length(max=1000)], description=LIST_HINT)
    skills = StringField(_l("技能要求"), validators=[Optional(), Length(max=1000)], description=LIST_HINT)
    declared_date = DateField(_l("填报日期"), validators=[Optional()], description=_l("留空为今天"))
    submit = SubmitField(_l("保存"))


class IndustryForm(FlaskForm):
    industry_code = StringField(_l("所属行业（GB/T 4754-2017）"), validators=[Optional(), Length(max=200)],
                                render_kw={"list": "industry-list", "autocomplete": "off"},
                                description=_l("输入代码或名称搜索，例如 C34 或 通用设备"))
    submit = SubmitField(_l("保存"))


class ClassCorrectionForm(FlaskForm):
    class_name = SelectField(_l("专业类"), choices=[])
    section = SelectField(_l("行业门类"), choices=[])
    division = StringField(_l("行业大类代码"), validators=[Optional(), Length(max=2)], description=_l("两位数字，可留空"))
    note = StringField(_l("说明"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("保存更正"))


class NameCorrectionForm(FlaskForm):
    name = StringField(_l("专业名称"), validators=[DataRequired(_l("请填写专业名称")), Length(max=100)],
                       description=_l("中职专业或学校自定专业名称"))
    class_name = SelectField(_l("归入专业类"), choices=[])
    note = StringField(_l("说明"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("保存更正"))


class AdjustmentForm(FlaskForm):
    school_id = SelectField(_l("学校"), coerce=optional_int, choices=[])
    year = IntegerField(_l("年度"), validators=[DataRequired(_l("请填写年度"))])
    major = StringField(_l("专业"), validators=[DataRequired(_l("请填写专业名称")), Length(max=100)])
    action = SelectField(_l("调整类型"), choices=ADJUSTMENT_ACTIONS.choices())
    reason = TextAreaField(_l("调整理由"), validators=[DataRequired(_l("请填写调整理由")), Length(max=2000)],
                           render_kw={"rows": 3})
    cited = StringField(_l("引用的匹配数据"), validators=[Optional(), Length(max=500)],
                        description=_l("留空时自动引用该专业所属大类当年的匹配数据"))
    submit = SubmitField(_l("登记调整"))


class GenerateForm(FlaskForm):
    year = IntegerField(_l("报告年度"), validators=[DataRequired(_l("请填写年度"))])
    submit = SubmitField(_l("生成报告"))


class NarrativeForm(FlaskForm):
    title = StringField(_l("报告标题"), validators=[DataRequired(_l("请填写报告标题")), Length(max=300)])
    narrative = TextAreaField(_l("报告正文"), validators=[DataRequired(_l("请填写报告正文")), Length(max=20000)],
                              render_kw={"rows": 16})
    submit = SubmitField(_l("保存"))


class PublishForm(FlaskForm):
    published_date = DateField(_l("发布日期"), validators=[Optional()], description=_l("留空为今天"))
    submit = SubmitField(_l("发布"))


class EventForm(FlaskForm):
    kind = SelectField(_l("活动类型"), choices=EVENT_KINDS.choices())
    title = StringField(_l("活动名称"), validators=[DataRequired(_l("请填写活动名称")), Length(max=200)])
    date = DateField(_l("日期"), validators=[DataRequired(_l("请填写活动日期"))])
    place = StringField(_l("地点"), validators=[DataRequired(_l("请填写活动地点")), Length(max=200)])
    organizer_id = SelectField(_l("主办单位"), coerce=optional_int, choices=[])
    enterprise_ids = SelectMultipleField(_l("参加企业"), coerce=int, choices=[], validators=[Optional()],
                                         render_kw={"size": 6})
    position_ids = SelectMultipleField(_l("提供的平台岗位"), coerce=int, choices=[], validators=[Optional()],
                                       render_kw={"size": 6})
    positions_offered = TextAreaField(_l("其他提供的岗位"), validators=[Optional(), Length(max=5000)],
                                      render_kw={"rows": 3}, description=_l("不在平台上的岗位，照公告填写"))
    submit = SubmitField(_l("保存"))


class AttendeesForm(FlaskForm):
    student_nos = TextAreaField(_l("签到学号"), validators=[DataRequired(_l("请填写学号"))], render_kw={"rows": 3},
                                description=_l("一个或多个学号，可从签到表粘贴"))
    submit = SubmitField(_l("签到"))


class OfferForm(FlaskForm):
    enterprise_id = SelectField(_l("企业"), coerce=optional_int, choices=[])
    student_no = StringField(_l("学号"), validators=[DataRequired(_l("请填写学号")), Length(max=40)])
    position_id = SelectField(_l("岗位"), coerce=optional_int, choices=[])
    submit = SubmitField(_l("登记录用意向"))


class LinkPlacementForm(FlaskForm):
    placement_id = SelectField(_l("岗位安排"), coerce=optional_int, choices=[])
    submit = SubmitField(_l("关联"))


class ConfirmForm(FlaskForm):
    """An empty form: its CSRF token guards delete buttons."""
