"""Forms of the sign-in pages: input shape only; the rules live in admin.store.accounts."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("用户名：不能为空"), Length(max=50)])
    password = PasswordField("密码", validators=[DataRequired("密码：不能为空"), Length(max=128)])
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current = PasswordField("当前密码", validators=[DataRequired("当前密码：不能为空")])
    new = PasswordField("新密码", validators=[DataRequired("新密码：不能为空")])
    confirm = PasswordField(
        "再次输入新密码", validators=[EqualTo("new", "再次输入新密码：两次输入不一致")]
    )
