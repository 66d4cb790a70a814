"""Forms for co-built resources, R&D projects, research outputs and talent-demand reports."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DecimalField, IntegerField, SelectField, SelectMultipleField,
                     StringField, SubmitField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..training.forms import NONNEG, optional_int
from ..vocab import OUTPUT_KINDS, RESOURCE_KINDS

MEMBERS_HINT = _l("按住 Ctrl（Mac 上为 ⌘）可选择多个单位")


def _members_field(label):
    # Choices are the consortium's members, set by the view; the service checks them again.
    return SelectMultipleField(label, coerce=int, choices=[], validators=[Optional()], description=MEMBERS_HINT,
                               render_kw={"size": 8})


class ResourceForm(FlaskForm):
    name = StringField(_l("名称"), validators=[DataRequired(_l("请填写名称")), Length(max=200)])
    kind = SelectField(_l("类型"), choices=RESOURCE_KINDS.choices())
    partner_ids = _members_field(_l("共建单位"))
    established_date = DateField(_l("建成日期"), validators=[DataRequired(_l("请填写建成日期"))])
    closed_date = DateField(_l("撤销日期"), validators=[Optional()], description=_l("仍在运行的留空"))
    description = TextAreaField(_l("简介"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("保存"))


class RdProjectForm(FlaskForm):
    code = StringField(_l("项目编号"), validators=[DataRequired(_l("请填写项目编号")), Length(max=40)])
    title = StringField(_l("项目名称"), validators=[DataRequired(_l("请填写项目名称")), Length(max=300)])
    school_id = SelectField(_l("学校"), coerce=optional_int, choices=[], validators=[Optional()])
    enterprise_id = SelectField(_l("企业"), coerce=optional_int, choices=[], validators=[Optional()])
    start_date = DateField(_l("开始日期"), validators=[Optional()])
    completed_date = DateField(_l("结题日期"), validators=[Optional()], description=_l("未结题的留空"))
    converted = BooleanField(_l("成果已转化"))
    funds_received = DecimalField(_l("到账经费（万元）"), places=2, validators=[Optional(), NONNEG])
    funds_year = IntegerField(_l("到账年度"), validators=[Optional(), NumberRange(2000, 2100, _l("年度应在 2000 到 2100 之间"))])
    submit = SubmitField(_l("保存"))


class OutputForm(FlaskForm):
    title = StringField(_l("成果名称"), validators=[DataRequired(_l("请填写成果名称")), Length(max=300)])
    kind = SelectField(_l("类型"), choices=OUTPUT_KINDS.choices())
    date = DateField(_l("日期"), validators=[DataRequired(_l("请填写日期"))],
                     description=_l("授权、获奖或发布日期"))
    member_ids = _members_field(_l("完成单位"))
    submit = SubmitField(_l("保存"))


class ReportForm(FlaskForm):
    title = StringField(_l("报告标题"), validators=[DataRequired(_l("请填写报告标题")), Length(max=300)])
    summary = TextAreaField(_l("摘要"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 6})
    submit = SubmitField(_l("保存"))


class PublishForm(FlaskForm):
    published_date = DateField(_l("发布日期"), validators=[Optional()], description=_l("留空为今天"))
    submit = SubmitField(_l("发布"))


class ConfirmForm(FlaskForm):
    """An empty form: its CSRF token guards delete buttons."""
