"""The one place a record's workflow state is assigned: :func:`apply_transition`.

Submit, review, publish, withdraw, repair, an edit after approval and ``import --publish``
all come here; :func:`admin.domain.workflow.decide` says whether the move is allowed and
which state follows, from the record's situation as the database tells it (who touched
which revision, the last review, the deployment's review settings). A structure test
(tests/test_one_state_machine.py) checks that no other module assigns ``.state``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from admin.domain import workflow as rules
from admin.domain.candidates import Candidate
from admin.store import revisions

#: The setting that sends licences through 法制审核 first (docs/licences.md §7).
LICENCE_REVIEW = "LICENCE_REVIEW_REQUIRED"


def settings_now() -> Mapping[str, Any]:
    """Return the running app's settings (none outside one: the defaults' rules apply)."""
    return current_app.config.get("GONGSHI", {}) if has_app_context() else {}


def situation_of(
    session: Session,
    dataset: str,
    record: Any,
    settings: Mapping[str, Any] | None = None,
    *,
    people: bool = True,
    undecided: Iterable[Candidate] | None = None,
) -> rules.Situation:
    """Describe ``record`` for the workflow rules, from the database alone.

    ``people`` False leaves out who touched and reviewed it (see ``rules.people_matter``).
    """
    cfg = settings_now() if settings is None else settings
    # Licences have a setting of their own (docs/licences.md §7).
    second_eyes = cfg.get(LICENCE_REVIEW if dataset == "licences" else rules.SECOND_EYES_SETTING)
    required = rules.review_required(
        dataset,
        bool(getattr(record, "review_required", False)),
        getattr(record, "procedure", ""),
        str(cfg.get("REVIEW_REQUIRED_FOR", "")),
        bool(second_eyes),
    )
    imported = bool(getattr(record, "imported", False))
    stateful = dataset in rules.STATEFUL
    eyes = revisions.eyes(session, dataset, record) if people and stateful else {}
    return rules.Situation(
        dataset=dataset,
        state=getattr(record, "state", None) if stateful else None,
        version=getattr(record, "version", None),
        author_id=getattr(record, "created_by_id", None),
        review_required=required and not imported,
        repaired=getattr(record, "repaired_on", None) is not None,
        imported=imported,
        undecided=None if undecided is None else tuple(undecided),
        terms=_terms(record) if dataset == "penalties" else None,
        **eyes,
    )


def apply_transition(
    session: Session,
    record: Any,
    action: str,
    actor: rules.Actor = rules.COMMAND,
    *,
    dataset: str,
    outcome: str = "",
    today: dt.date | None = None,
    undecided: Iterable[Candidate] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> str | None:
    """Move ``record`` by ``action`` as the rules decide; return its state (None: it has none).

    Raises ``rules.Refused`` and changes nothing when the move is not allowed. The audit
    entry and the revision touch stay with the caller, which knows what else it did.
    """
    state = getattr(record, "state", None) if dataset in rules.STATEFUL else None
    imported = bool(getattr(record, "imported", False))
    people = rules.people_matter(action, actor, state, imported)
    # Read without flushing the caller's pending change (an edit): the edit and its state
    # make one revision, as they always did, not two.
    with session.no_autoflush:
        situation = situation_of(
            session, dataset, record, settings, people=people, undecided=undecided
        )
    new = rules.decide(action, situation, actor, outcome=outcome, today=today)
    if new is not None and new != state:
        record.state = new  # the only assignment of a workflow state (see the module's doc)
    return new


def _terms(record: Any) -> rules.Terms | None:
    if getattr(record, "decision_date", None) is None:
        return None
    return rules.Terms(
        decision_date=record.decision_date,
        severity=record.severity,
        procedure=record.procedure or "",
        kinds=tuple(record.kinds or ()),
        publicity_until=record.publicity_until,
    )
