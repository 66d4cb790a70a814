"""Forms for signing in, passwords and user management."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from ..vocab import ROLES


class LoginForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(_l("请填写用户名")), Length(max=80)])
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请填写密码"))])
    remember = BooleanField(_l("记住我"))
    submit = SubmitField(_l("登录"))


class ChangePasswordForm(FlaskForm):
    old_password = PasswordField(_l("原密码"), validators=[DataRequired(_l("请填写原密码"))])
    new_password = PasswordField(_l("新密码"), validators=[DataRequired(_l("请填写新密码"))])
    confirm = PasswordField(_l("确认新密码"), validators=[EqualTo("new_password", _l("两次输入的密码不一致"))])
    submit = SubmitField(_l("修改密码"))


class UserCreateForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(_l("请填写用户名")), Length(max=80)])
    display_name = StringField(_l("姓名"), validators=[Optional(), Length(max=100)])
    role = SelectField(_l("角色"), choices=ROLES.choices())
    member_id = SelectField(_l("所属成员单位"), coerce=int, choices=[], validate_choice=False)
    password = PasswordField(_l("初始密码"), validators=[DataRequired(_l("请填写初始密码"))])
    submit = SubmitField(_l("创建用户"))


class UserEditForm(FlaskForm):
    display_name = StringField(_l("姓名"), validators=[Optional(), Length(max=100)])
    active = BooleanField(_l("启用"))
    new_password = PasswordField(_l("重置密码（留空则不修改）"), validators=[Optional()])
    submit = SubmitField(_l("保存"))


class TokenForm(FlaskForm):
    name = StringField(_l("令牌用途"), validators=[Optional(), Length(max=100)])
    submit = SubmitField(_l("生成 API 令牌"))


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField(_l("新密码"), validators=[DataRequired(_l("请填写新密码"))])
    confirm = PasswordField(_l("确认新密码"), validators=[EqualTo("new_password", _l("两次输入的密码不一致"))])
    submit = SubmitField(_l("设置新密码"))
