"""Forms of the import pages: upload (type + file) and confirm."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField


class UploadForm(FlaskForm):
    type_name = SelectField(_l("数据类型"), choices=[])
    file = FileField(_l("文件（CSV 或 Excel .xlsx，不超过 20 MB）"), validators=[FileRequired(_l("请选择文件"))])
    submit = SubmitField(_l("上传并预览"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("确认导入"))
