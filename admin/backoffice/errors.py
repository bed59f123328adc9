"""Error pages in Chinese, each saying what happened and what to do next.

Werkzeug answers errors with English pages ("Forbidden", "Not Found"); an officer who
meets one needs to know whether to sign in again, go back, or call the administrator.
A description given to ``abort(code, description)`` in Chinese is shown as the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import Conflict, HTTPException, ServiceUnavailable


@dataclass(frozen=True)
class ErrorPage:
    """What a person is told about one kind of error."""

    title: str
    reason: str
    next_step: str


PAGES = {
    400: ErrorPage(
        "请求有误",
        "页面收到的参数格式不对（例如页码、日期或年份超出范围）。",
        "请返回上一页，改正筛选条件或从菜单重新进入。",
    ),
    403: ErrorPage(
        "无权访问",
        "您的账户没有打开这个页面或执行这个操作的权限。",
        "请从菜单进入您能处理的页面；需要权限时请联系管理员分配角色。",
    ),
    404: ErrorPage(
        "找不到页面",
        "该地址不存在，或记录已被删除、不属于您所在的执法主体。",
        "请检查地址，或回到列表中查找该记录。",
    ),
    405: ErrorPage(
        "操作方式不对",
        "这个地址不接受这种请求（例如直接打开了只能由按钮提交的地址）。",
        "请回到记录页面，用页面上的按钮操作。",
    ),
    409: ErrorPage(
        "记录已被修改",
        "在您打开页面之后，别人修改了这条记录，您的操作没有保存。",
        "请重新打开记录，核对最新内容后再操作。",
    ),
    413: ErrorPage(
        "文件过大",
        "上传的文件超过了允许的大小。",
        "请压缩或拆分文件后重新上传；上限由管理员在设置中规定。",
    ),
    500: ErrorPage(
        "系统内部错误",
        "处理请求时出错，您的操作没有完成，也没有保存一半。",
        "请稍后重试；仍然出错时请把出错时间告诉管理员（日志中有详细记录）。",
    ),
    503: ErrorPage(
        "系统繁忙",
        "系统繁忙，请稍后重试：数据库正忙于他人的保存，您的操作没有完成，也没有保存一半。",
        "请等几秒钟后刷新页面或重新提交；一直如此时请联系管理员。",
    ),
}
CSRF_PAGE = ErrorPage(
    "表单已过期",
    "表单的安全令牌缺失或已过期（页面打开太久、已退出登录或在另一个窗口重新登录过）。",
    "请返回上一页，刷新后重新提交。",
)


def render_error(error: HTTPException) -> tuple[str, int]:
    """Render the Chinese page for ``error``, with its own Chinese description if it has one."""
    code = error.code or 500
    if isinstance(getattr(error, "original_exception", None), OperationalError):
        # The lock timed out where no handler of ours reaches (saving the session after
        # the view): still the busy page, and its 503 keeps save_session from trying again.
        code = 503
    page = CSRF_PAGE if isinstance(error, CSRFError) else PAGES.get(code, PAGES[500])
    # A Chinese description came from our own abort(); Werkzeug's default ones are English.
    reason = error.description if _is_chinese(error.description) else page.reason
    return render_template("errors/error.html", code=code, page=page, reason=reason), code


def init_app(app: Flask) -> None:
    """Answer every HTTP error the back-office raises with its Chinese page."""
    app.register_error_handler(CSRFError, render_error)
    # Flask logs an unhandled exception, then hands it to the 500 handler as an
    # InternalServerError (outside testing, where it propagates instead).
    for code in PAGES:
        app.register_error_handler(code, render_error)

    @app.errorhandler(StaleDataError)
    def _stale(_error: StaleDataError) -> tuple[str, int]:
        # An UPDATE … WHERE version = :seen matched no row: another session saved first.
        # Views with a form of their own say what changed; any other write ends here.
        from admin.models.db import db

        db.session.rollback()
        return render_error(Conflict())

    @app.errorhandler(OperationalError)
    def _busy(_error: OperationalError) -> tuple[str, int]:
        # SQLite's lock held past the busy timeout (or the database unreachable): say so
        # in Chinese instead of a 500, after undoing whatever this request began.
        from admin.models.db import db

        db.session.rollback()
        app.logger.warning("database busy on %s", request.path, exc_info=True)
        return render_error(ServiceUnavailable())

    @app.context_processor
    def _error_context() -> dict[str, object]:
        return {"signed_in": g.get("user") is not None, "came_from": request.referrer}


def _is_chinese(text: str | None) -> bool:
    return bool(text) and any("\u4e00" <= ch <= "\u9fff" for ch in text or "")
