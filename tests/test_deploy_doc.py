"""docs/deploy.md's CI job works: its own commands, run against a local folder.

The job's ``run:`` steps are taken from the document and run as the CI service runs them
(``bash -e``, stop at the first failing step), with ``DEPLOY_TARGET`` a local folder.
Steps that are actions (checkout, setup-python) are what the test's tmp folder stands
for; the install step is checked, not run, since it would reinstall this checkout.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "deploy.md"
VALID_ID_NUMBER = "11010519491231002X"


def _site_fixture():
    if "sitefixture" in sys.modules:
        return sys.modules["sitefixture"]
    spec = importlib.util.spec_from_file_location("sitefixture", ROOT / "tests/site/sitefixture.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitefixture"] = module
    spec.loader.exec_module(module)
    return module


def _job() -> dict:
    """Return the CI workflow of docs/deploy.md, parsed."""
    text = DOC.read_text(encoding="utf-8")
    marker = text.index("<!-- deploy-job")
    block = re.search(r"```yaml\n(.*?)```", text[marker:], re.S)
    assert block, "docs/deploy.md：缺少 CI 任务"
    return yaml.safe_load(block.group(1))


def _run_job(workflow: dict, event: str, checkout: Path, target: Path) -> list[tuple[str, int]]:
    """Run the job's steps for ``event`` in ``checkout``; return (step, exit status) pairs."""
    home = checkout.parent / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "CI": "true",
        "HOME": str(home),
        "GITHUB_EVENT_NAME": event,
        "DEPLOY_TARGET": f"{target}/",
        "GONGSHI_INSTANCE_DIR": str(checkout / "instance"),
    }
    env.pop("GONGSHI_DEBUG", None)
    ran = []
    for step in workflow["jobs"]["deploy"]["steps"]:
        if "uses" in step or "pip install" in step.get("run", ""):
            continue
        condition = step.get("if", "")
        if condition and f"'{event}'" not in condition:
            continue
        # Secrets become harmless stand-ins; a local destination makes rsync ignore ssh.
        step_env = {key: "stand-in" for key in step.get("env", {})}
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=checkout,
            env={**env, **step_env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        ran.append((step["name"], done.returncode))
        if done.returncode != 0:
            break
    return ran


def _files(root: Path) -> dict[str, bytes]:
    root = root.resolve()
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_workflow_builds_daily_and_on_push_and_installs_what_it_needs() -> None:
    workflow = _job()
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads on: as True
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"] == "5 16 * * *"  # 00:05 in Asia/Shanghai
    steps = workflow["jobs"]["deploy"]["steps"]
    names = [step["name"] for step in steps]
    assert names.index("公示期满的记录下线") < names.index("生成网站") < names.index("部署")
    install = next(step["run"] for step in steps if "pip install" in step.get("run", ""))
    assert "pip install -e ." in install and "pagefind[bin]" in install and "rsync" in install
    assert "gongshi build" in steps[names.index("生成网站")]["run"]
    assert "rsync" in steps[names.index("部署")]["run"]


@pytest.mark.skipif(
    shutil.which("rsync") is None and os.environ.get("CI") != "true",
    reason="rsync 未安装（CI 中必须安装）",
)
def test_the_job_deploys_a_good_build_and_nothing_after_a_failed_one(tmp_path: Path) -> None:
    workflow = _job()
    checkout = tmp_path / "checkout"
    target = tmp_path / "www"
    target.mkdir()

    def past_publicity(dataset: str, slug: str, meta: dict) -> None:
        if (dataset, slug) == ("penalties", "2021-0001"):
            meta["publicity_until"] = dt.date(2021, 12, 31)

    content = _site_fixture().write_site(checkout / "content", past_publicity)

    # The daily run: expire, build, deploy.
    ran = _run_job(workflow, "schedule", checkout, target)
    assert ran == [("公示期满的记录下线", 0), ("生成网站", 0), ("部署", 0)]
    assert 'status = "expired"' in (content / "penalties" / "2021-0001.md").read_text("utf-8")
    deployed = _files(target)
    assert deployed == _files(checkout / "build")
    assert "manifest.json" in deployed
    assert "【公示期满】" in deployed["penalties/2021-0001/index.html"].decode("utf-8")

    # A push whose content leaks an ID number: the build fails, nothing is deployed.
    page = content / "pages" / "guide.md"  # a page, which no expiry date can hide
    page.write_text(page.read_text("utf-8") + f"\n{VALID_ID_NUMBER}\n", "utf-8")
    ran = _run_job(workflow, "push", checkout, target)
    assert ran == [("生成网站", 1)]
    assert _files(target) == deployed
