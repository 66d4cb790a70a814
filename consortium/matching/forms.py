"""Forms of the secretariat's matching pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ..vocab import MATCH_MODES, POSITION_KINDS


class StartRoundForm(FlaskForm):
    kind = SelectField(_l("岗位类型"), choices=POSITION_KINDS.choices(blank=_l("全部类型")))
    mode = SelectField(_l("分配方式"), choices=MATCH_MODES.choices())
    submit = SubmitField(_l("开始新一轮匹配"))


class WithdrawProposalForm(FlaskForm):
    reason = StringField(_l("撤回理由"), validators=[DataRequired(_l("请说明理由")), Length(max=500)])
    submit = SubmitField(_l("撤回推荐"))


class AddProposalForm(FlaskForm):
    position_code = StringField(_l("岗位编号"), validators=[DataRequired(_l("请填写岗位编号")), Length(max=40)])
    candidate_org = StringField(_l("候选人所在单位"), validators=[DataRequired(_l("请填写单位名称")), Length(max=200)])
    candidate_no = StringField(_l("学号或工号"), validators=[DataRequired(_l("请填写学号或工号")), Length(max=40)])
    reason = StringField(_l("推荐理由"), validators=[DataRequired(_l("请说明理由")), Length(max=500)])
    submit = SubmitField(_l("手工推荐"))


class ActionForm(FlaskForm):
    """Retry or cancel a failed round: a button, with its CSRF token."""
