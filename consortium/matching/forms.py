"""Forms of the secretariat's matching pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ..jobs.models import POSITION_KINDS


class StartRoundForm(FlaskForm):
    kind = SelectField(_l("岗位类型"), choices=[("", _l("全部类型"))] + list(POSITION_KINDS.items()))
    mode = SelectField(_l("分配方式"), choices=[("stable", _l("稳定匹配（默认，候选人优先，无阻塞对）")),
                                             ("max_fit", _l("总体最优（总分最高）"))])
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
