"""重大建设项目信息公开 (国办发〔2017〕94号): every project, and each with its eight stages."""

from __future__ import annotations

from flask import Blueprint, abort

from admin.site.projects import find_project, projects
from admin.site.views.helpers import PageMeta, current_site, render_page

bp = Blueprint("projects", __name__, url_prefix="/projects")
COLUMN = "重大建设项目"


@bp.get("/")
def index() -> str:
    """List the projects, each with its information grouped by stage in 94号's order."""
    chosen = projects(current_site())
    meta = PageMeta(
        title=f"{COLUMN}信息公开",
        column=COLUMN,
        description=f"重大建设项目批准和实施领域信息，共{len(chosen)}个项目",
    )
    return render_page("projects/index.html", meta, projects=chosen, column=COLUMN)


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    """Show one project: its eight stages, each with its items or 「暂无」."""
    project = find_project(current_site(), slug)
    if project is None:
        abort(404)
    meta = PageMeta(
        title=project.name,
        column=COLUMN,
        description=f"{project.name}：重大建设项目信息（{project.filled}类已公开）",
    )
    return render_page("projects/detail.html", meta, project=project, column=COLUMN)
