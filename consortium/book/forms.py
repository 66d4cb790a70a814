"""Forms of the book pages: settings, the incident register, the declaration."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..vocab import INCIDENT_AREAS

YEAR = NumberRange(2000, 2100, _l("年度应在 2000 到 2100 之间"))


class SettingsForm(FlaskForm):
    base_year = IntegerField(_l("基准年度（实际数据）"), validators=[DataRequired(_l("请填写年度")), YEAR])
    first_committed_year = IntegerField(_l("承诺年度：从"), validators=[DataRequired(_l("请填写年度")), YEAR])
    last_committed_year = IntegerField(_l("承诺年度：到"), validators=[DataRequired(_l("请填写年度")), YEAR])
    recommending_unit = StringField(_l("推荐单位"), validators=[Optional(), Length(max=200)],
                                    description=_l("如：郑州市教育局"))
    filler_name = StringField(_l("填报人"), validators=[Optional(), Length(max=50)])
    filler_contact = StringField(_l("联系方式"), validators=[Optional(), Length(max=100)])
    submit = SubmitField(_l("保存"))


class CommitmentsForm(FlaskForm):
    """Only the CSRF token: the cells are named c-<year>-<key> and read by the view."""


class IncidentForm(FlaskForm):
    area = SelectField(_l("领域"), choices=list(INCIDENT_AREAS.items()))
    occurred_on = DateField(_l("发生日期"), validators=[DataRequired(_l("请填写发生日期"))])
    title = StringField(_l("事件名称"), validators=[DataRequired(_l("请填写事件名称")), Length(max=200)])
    serious = BooleanField(_l("违法或重大违规事件"))
    description = TextAreaField(_l("说明"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("登记"))


class DeclarationForm(FlaskForm):
    signed_by = StringField(_l("签署人"), validators=[DataRequired(_l("请填写签署人姓名")), Length(max=50)])
    signed_on = DateField(_l("签署日期"), validators=[DataRequired(_l("请填写签署日期"))])
    submit = SubmitField(_l("签署声明"))


class MaterialForm(FlaskForm):
    title = StringField(_l("材料名称"), validators=[Optional(), Length(max=200)], description=_l("留空时取文件名"))
    target = SelectField(_l("对应内容"), choices=[])
    file = FileField(_l("文件"), description=_l("PDF、JPEG、PNG、DOCX 或 XLSX，按文件内容检查"))
    submit = SubmitField(_l("上传"))


class AssessmentForm(FlaskForm):
    rating = SelectField(_l("自评"), choices=[])
    notes = TextAreaField(_l("说明"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    submit = SubmitField(_l("保存"))


class SubmitForm(FlaskForm):
    submit = SubmitField(_l("提交推荐单位审核"))


class ReturnForm(FlaskForm):
    comment = TextAreaField(_l("修改意见"), validators=[DataRequired(_l("退回时请填写修改意见")), Length(max=2000)])
    submit = SubmitField(_l("退回修改"))


class ForwardForm(FlaskForm):
    opinion = TextAreaField(_l("推荐意见"), validators=[DataRequired(_l("请填写推荐意见")), Length(max=1000)])
    submit = SubmitField(_l("推荐报送省教育厅"))


class ProvinceCapForm(FlaskForm):
    city_cap = IntegerField(_l("每市推荐上限（家）"), validators=[DataRequired(_l("请填写上限")), NumberRange(1, 20)],
                            description=_l("通知：各省辖市可申报 1-2 家"))
    exceptions = TextAreaField(_l("个别城市的上限"), validators=[Optional(), Length(max=2000)],
                               description=_l("每行一个：城市 上限，例如“济源示范区 1”"))
    submit = SubmitField(_l("保存上限"))


class BoardMemberForm(FlaskForm):
    name = StringField(_l("姓名"), validators=[DataRequired(_l("必填")), Length(max=50)])
    organization = StringField(_l("所在单位"), validators=[DataRequired(_l("必填")), Length(max=200)])
    role = SelectField(_l("职务"), choices=[])
    since = DateField(_l("任职日期"), validators=[Optional()])
    submit = SubmitField(_l("添加"))


class MeetingForm(FlaskForm):
    held_on = DateField(_l("会议日期"), validators=[DataRequired(_l("请填写日期"))])
    title = StringField(_l("会议名称"), validators=[DataRequired(_l("必填")), Length(max=200)])
    attendees = TextAreaField(_l("出席人员"), validators=[DataRequired(_l("必填")), Length(max=2000)], render_kw={"rows": 2})
    resolutions = TextAreaField(_l("决议事项"), validators=[DataRequired(_l("必填")), Length(max=5000)], render_kw={"rows": 3})
    submit = SubmitField(_l("添加"))


class CharterForm(FlaskForm):
    kind = SelectField(_l("类别"), choices=[])
    title = StringField(_l("名称"), validators=[DataRequired(_l("必填")), Length(max=200)],
                        description=_l("同名文件再次登记即为新版本"))
    adopted_on = DateField(_l("通过日期"), validators=[DataRequired(_l("请填写日期"))])
    summary = TextAreaField(_l("修订要点"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    submit = SubmitField(_l("登记版本"))


class TaskForm(FlaskForm):
    department = StringField(_l("部门"), validators=[DataRequired(_l("必填")), Length(max=100)])
    duty = StringField(_l("职责分工"), validators=[DataRequired(_l("必填")), Length(max=300)])
    task = StringField(_l("重点任务"), validators=[DataRequired(_l("必填")), Length(max=300)])
    deadline = DateField(_l("时间节点"), validators=[Optional()])
    status = SelectField(_l("进展"), choices=[])
    submit = SubmitField(_l("添加"))


class PolicyForm(FlaskForm):
    title = StringField(_l("政策名称"), validators=[DataRequired(_l("必填")), Length(max=200)])
    issuer = StringField(_l("发布单位"), validators=[DataRequired(_l("必填")), Length(max=200)])
    issued_on = DateField(_l("发布日期"), validators=[DataRequired(_l("请填写日期"))])
    kind = SelectField(_l("类别"), choices=[])
    implemented = BooleanField(_l("已落地实施"))
    notes = TextAreaField(_l("落实情况"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    submit = SubmitField(_l("添加"))
