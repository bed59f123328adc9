"""One state machine (issue 15): only ``admin/store/states.py`` assigns a workflow state.

Every other module asks ``admin.store.states.apply_transition``, which asks the rules
(``admin.domain.workflow.decide``). Read from the source, so a new ``record.state = …``
anywhere under admin/ fails here, not in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THE_ONE = ROOT / "admin" / "store" / "states.py"
ATTRIBUTE = "state"


def _targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return list(node.targets)
    if isinstance(node, ast.AugAssign | ast.AnnAssign):
        return [node.target]
    return []


def _flatten(target: ast.expr) -> list[ast.expr]:
    if isinstance(target, ast.Tuple | ast.List):
        return [leaf for element in target.elts for leaf in _flatten(element)]
    if isinstance(target, ast.Starred):
        return _flatten(target.value)
    return [target]


def state_assignments(path: Path) -> list[int]:
    """Return the lines of ``path`` that assign an attribute named ``state``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        for target in _targets(node):
            for leaf in _flatten(target):
                if isinstance(leaf, ast.Attribute) and leaf.attr == ATTRIBUTE:
                    lines.append(node.lineno)
        # setattr(record, "state", …) is the same assignment spelled differently.
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value == ATTRIBUTE
        ):
            lines.append(node.lineno)
    return lines


def test_only_the_state_module_assigns_a_workflow_state() -> None:
    found = {
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "admin").rglob("*.py"))
        if path != THE_ONE
        for line in state_assignments(path)
    }
    assert found == set()


def test_the_scan_sees_each_spelling(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "record.state = 'x'\n"
        "a, record.state = 1, 'x'\n"
        "setattr(record, 'state', 'x')\n"
        "record.status = 'fine'\n"
        "state = 'a local name is fine'\n",
        encoding="utf-8",
    )
    assert state_assignments(sample) == [1, 2, 3]
    assert state_assignments(THE_ONE), "states.py assigns the state: the scan must see it"
