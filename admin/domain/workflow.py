"""Who may move a record to which state: the workflow's rules, without Flask or a database.

The web layer describes a record as a :class:`Situation` and asks :func:`refusal` before
any action; it never trusts a state, reviewer or approval sent by the browser. The one
state machine is :func:`decide`; :func:`admin.store.states.apply_transition` alone assigns
what it decides. The rules (issue 6, LAW.md §2): a decision that needs 法制审核 is published
only after a reviewer other than its author agreed to the exact revision that is being
published. Four eyes are judged by revision (issue 14): a reviewer who created, edited or
submitted any revision since the last approval cannot approve, whatever roles it holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from admin.domain import datasets, publicity, rule_of_law, vocab
from admin.domain.candidates import Candidate
from admin.errors import GongshiError

SUBMIT, REVIEW, PUBLISH, WITHDRAW, REPAIR = "submit", "review", "publish", "withdraw", "repair"
#: Transitions that are not buttons of the record page: an edit saved after an approval,
#: and the end of a penalty's 公示期 (``gongshi expire``, or publishing an old posting).
EDIT, EXPIRE = "edit", "expire"
AGREE, OBJECT = vocab.REVIEW_OUTCOMES  # 同意, 存在问题
#: The 法治政府建设年度报告: a record of this one workflow (admin.domain.rule_of_law).
RULE_OF_LAW = rule_of_law.DATASET
#: Datasets with a workflow state; the others (subjects, officers, items) are refreshed.
STATEFUL = (*datasets.WORKFLOW, RULE_OF_LAW)
DATASETS = tuple(datasets.DATASETS)
ACTIONS: dict[str, tuple[str, ...]] = {
    "penalties": (SUBMIT, REVIEW, PUBLISH, WITHDRAW, REPAIR),
    "licences": (SUBMIT, REVIEW, PUBLISH, WITHDRAW),
    "inspections": (SUBMIT, REVIEW, PUBLISH, WITHDRAW),
    "info": (SUBMIT, REVIEW, PUBLISH, WITHDRAW),
    RULE_OF_LAW: (SUBMIT, REVIEW, PUBLISH, WITHDRAW),
    "subjects": (PUBLISH,),
    "officers": (PUBLISH,),
    "items": (PUBLISH,),
}
#: The role each action needs: officers act on records, reviewers judge them.
ROLE_OF = {SUBMIT: "officer", REVIEW: "reviewer", PUBLISH: "officer"}
ROLE_OF |= {WITHDRAW: "officer", REPAIR: "officer"}
ACTION_LABELS = {SUBMIT: "提交法制审核", REVIEW: "审核", PUBLISH: "公示"}
ACTION_LABELS |= {WITHDRAW: "撤回公示", REPAIR: "信用修复"}
#: The setting that adds a second pair of eyes to inspection results and information.
SECOND_EYES_SETTING = "SECOND_EYES_FOR_OTHER_RECORDS"
REVIEW_ALL = "全部"


class Refused(GongshiError):
    """An action is refused; ``message`` is Chinese, ``forbidden`` means no right to it."""

    def __init__(self, message: str, *, forbidden: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.forbidden = forbidden


@dataclass(frozen=True)
class Approval:
    """A review opinion: who gave it, which outcome, on which revision of the record."""

    reviewer_id: int
    outcome: str
    revision: int


@dataclass(frozen=True)
class Touch:
    """An account created, edited, submitted or imported a revision of the record."""

    account_id: int
    action: str
    revision: int


@dataclass(frozen=True)
class Actor:
    """Who acts: an account and its roles, or (``user_id`` None) a command on the server.

    A command (``import --publish``, the demo, ``expire``) is run by whoever holds the
    server, so no role is asked of it; the state rules and four eyes still hold.
    """

    user_id: int | None = None
    roles: frozenset[str] = frozenset()

    @property
    def is_command(self) -> bool:
        return self.user_id is None


COMMAND = Actor()


@dataclass(frozen=True)
class Terms:
    """A penalty's dates and weight: what repair and expiry are judged by."""

    decision_date: dt.date
    severity: str
    procedure: str = ""
    kinds: Sequence[str] = ()
    publicity_until: dt.date | None = None


@dataclass(frozen=True)
class Situation:
    """What the rules need to know about a record."""

    dataset: str
    state: str | None  # None for records without a workflow
    version: int | None
    author_id: int | None
    review_required: bool
    last_review: Approval | None = None
    repaired: bool = False
    #: Accounts that touched a revision since the last approval (see :func:`touched_by`).
    touchers: frozenset[int] = frozenset()
    #: Accounts of the record's own team: its author and the officers named on it.
    team: frozenset[int] = frozenset()
    #: Moved over by ``import`` (reviewed and published elsewhere already).
    imported: bool = False
    #: Name candidates no one marked 遮蔽 or 保留 (None: not looked for).
    undecided: tuple[Candidate, ...] | None = None
    #: A penalty's dates (None: not known, the date rules are not applied).
    terms: Terms | None = None


def policy_requires_review(procedure: str, policy: str) -> bool:
    """Return whether the deployment's policy demands 法制审核 of a decision (LAW.md §2).

    ``policy`` is ``REVIEW_REQUIRED_FOR``: 普通程序 (the default) or 全部. The form, the
    import and the workflow all ask here, so no flag can waive what the policy demands.
    """
    return policy == REVIEW_ALL or procedure == vocab.PROCEDURE_ORDINARY


def review_required(
    dataset: str, flag: bool, procedure: str, policy: str, second_eyes: bool
) -> bool:
    """Return whether a record must be reviewed before it is published.

    For a decision the stored flag cannot switch off what the deployment's policy demands
    (``REVIEW_REQUIRED_FOR``: 普通程序 or 全部).
    """
    if dataset == "penalties":
        return bool(flag) or policy_requires_review(procedure, policy)
    if dataset == RULE_OF_LAW:
        return True  # the government's report goes out after 法制审核, whatever the settings
    return dataset in STATEFUL and second_eyes


def touched_by(
    touches: Iterable[Touch], agreed_revisions: Iterable[int], version: int | None
) -> frozenset[int]:
    """Return the accounts that touched a revision the pending or current approval covers.

    That is every revision after the previous approval: the newest 同意 given to a revision
    older than ``version`` (an approval of ``version`` itself is the one being judged).
    """
    older = [r for r in agreed_revisions if version is None or r < version]
    since = max(older, default=0)
    return frozenset(t.account_id for t in touches if t.revision > since and t.action in AUTHORING)


def team_of(author_id: int | None, touches: Iterable[Touch]) -> frozenset[int]:
    """Return the accounts that worked on the record: its author and whoever touched it."""
    team = {t.account_id for t in touches}
    return frozenset(team | ({author_id} if author_id is not None else set()))


#: Touches that make an account an author of a revision (publishing one is not authoring).
AUTHORING = ("create", "edit", "submit", "import")
#: Who may withdraw (decided for issue 14): an officer who worked on the record (created,
#: edited, submitted or published it) or an account that is officer and administrator.
#: Another officer of the same body may not: a withdrawal takes a citizen-facing page down
#: and is answered for by the people who put it up; a reason is always required.
WITHDRAW_RULE = (
    "只有办理过本记录（创建、修改、提交或公示）的执法人员，或同时为管理员的执法人员，才能撤回公示"
)
SELF_REVIEW = "法制审核：您修改或提交过本记录的当前版本，不能审核；请由其他审核员审核"


def may_review(situation: Situation, user_id: int) -> bool:
    """Return whether ``user_id`` is a second pair of eyes for the record's current revision."""
    own = situation.author_id is not None and situation.author_id == user_id
    return not own and user_id not in situation.touchers


def approval_current(situation: Situation) -> bool:
    """Return whether the latest review agreed to the current revision, by fresh eyes."""
    review = situation.last_review
    return (
        review is not None
        and review.outcome == AGREE
        and review.revision == situation.version
        and may_review(situation, review.reviewer_id)
    )


def refusal(
    action: str, situation: Situation, user_id: int, roles: Iterable[str]
) -> Refused | None:
    """Return why ``user_id`` holding ``roles`` may not take ``action`` now, or None."""
    roles = set(roles)
    if action not in ACTIONS.get(situation.dataset, ()):
        return Refused(f"操作：{situation.dataset} 记录没有“{action}”操作", forbidden=True)
    role = ROLE_OF[action]
    if role not in roles:
        name = vocab.ROLE_NAMES[role]
        return Refused(f"权限：只有{name}才能{ACTION_LABELS[action]}", forbidden=True)
    if situation.state is None:
        return None  # subjects, officers, items: an officer refreshes their page any time
    if action == WITHDRAW and not _may_withdraw(situation, user_id, roles):
        return Refused(f"撤回：{WITHDRAW_RULE}", forbidden=True)
    return _state_refusal(action, situation, user_id)


def _command_refusal(action: str, s: Situation) -> Refused | None:
    """Refuse a command what no server job may do: judge a record, or skip the state rules."""
    if action in (SUBMIT, REVIEW):
        name = ACTION_LABELS[action]
        return Refused(f"操作：{name}须由账户在后台办理", forbidden=True)
    if action not in (PUBLISH, WITHDRAW, REPAIR):
        return Refused(f"操作：未知操作 {action}", forbidden=True)
    if s.state is None:
        return None  # a catalogue page is refreshed, or taken down, by any job
    if action == PUBLISH:
        return _publish_refusal(s, refresh=True)
    return _published_refusal(action, s)


def allowed_actions(situation: Situation, user_id: int, roles: Iterable[str]) -> list[str]:
    """Return the actions the user may take on the record now, in workflow order."""
    roles = tuple(roles)
    return [
        action
        for action in ACTIONS.get(situation.dataset, ())
        if refusal(action, situation, user_id, roles) is None
    ]


def next_state(action: str, situation: Situation, outcome: str = "") -> str | None:
    """Return the state the record takes after ``action``, unchecked (see :func:`decide`).

    None for a record without a workflow state (subjects, officers, items).
    """
    state = situation.state
    if state is None:
        return None
    if action == SUBMIT:
        return vocab.STATE_IN_REVIEW
    if action == REVIEW:
        return vocab.STATE_APPROVED if outcome == AGREE else vocab.STATE_RETURNED
    if action == PUBLISH:
        return vocab.STATE_PUBLISHED
    if action == WITHDRAW:
        return vocab.STATE_WITHDRAWN
    if action == REPAIR:
        return vocab.STATE_REPAIRED
    if action == EDIT and situation.dataset == "penalties" and state == vocab.STATE_APPROVED:
        # The approval was given to the previous revision. (An inspection or information
        # item keeps 审核通过: its stale approval is judged by revision.)
        return vocab.STATE_DRAFT
    return state  # EXPIRE: the record stays 已公示; only its public file becomes a notice


#: States in which a record is (or was) public: it changes by withdrawal, not by an edit.
LOCKED_STATES = (vocab.STATE_PUBLISHED, vocab.STATE_WITHDRAWN, vocab.STATE_REPAIRED)


def decide(
    action: str,
    situation: Situation,
    actor: Actor = COMMAND,
    *,
    outcome: str = "",
    today: dt.date | None = None,
) -> str | None:
    """Return the state the record takes when ``actor`` takes ``action``, or raise
    :class:`Refused` (Chinese message). ``today`` applies the date rules (repair's minimum
    period, expiry) to a situation that carries the penalty's :class:`Terms`."""
    s = situation
    if action == EDIT:
        if rule_of_law.reopens(s.dataset, s.state):
            return vocab.STATE_DRAFT  # corrected, it is reviewed again before publishing
        if s.state in LOCKED_STATES:
            raise Refused(f"状态：当前为{s.state}，不能修改；如需更正请先撤回公示")
        return next_state(EDIT, s)
    if action == EXPIRE:
        if s.state != vocab.STATE_PUBLISHED or s.repaired:
            raise Refused(f"状态：只有公示中的行政处罚决定才会公示期满（当前为{s.state}）")
        until = s.terms.publicity_until if s.terms else None
        if until is None or today is None or not expired(until, today):
            raise Refused("公示截止期：尚未届满")
        return next_state(EXPIRE, s)
    user = actor.user_id
    refused = _command_refusal(action, s) if user is None else refusal(action, s, user, actor.roles)
    if refused is not None:
        raise refused
    if s.state is None:
        return None
    if action == SUBMIT and s.undecided:
        first = s.undecided[0]
        # Deciding a name (遮蔽/保留) changes the record's version: decided after approval,
        # it would void the approval, so the names are settled before the review.
        raise Refused(
            f"{first.label}：含未确认的疑似人名（{first.masked}）等 {len(s.undecided)} 处，"
            "请先在预览中逐个标记“遮蔽”或“保留”，再提交审核"
        )
    if action == REVIEW and outcome not in vocab.REVIEW_OUTCOMES:
        raise Refused(f"审核结论：必须是 {' / '.join(vocab.REVIEW_OUTCOMES)} 之一")
    t = s.terms
    if action == REPAIR and t is not None and today is not None:
        args = (t.decision_date, t.severity, today)
        if not publicity.repair_allowed(*args, procedure=t.procedure, kinds=tuple(t.kinds)):
            raise Refused("信用修复：最短公示期尚未届满，暂不能修复")
    return next_state(action, s, outcome)


def expired(until: dt.date, today: dt.date) -> bool:
    """Return whether a penalty shown through ``until`` has left its 公示期 by ``today``."""
    return not publicity.is_visible(until, today)


def people_matter(action: str, actor: Actor, state: str | None, imported: bool) -> bool:
    """Return whether :func:`decide` reads who touched and reviewed the record (not for a
    command refreshing a published record or publishing 10,000 moved over by ``import``)."""
    refresh = state == vocab.STATE_PUBLISHED or imported
    return state is not None and not (actor.is_command and action == PUBLISH and refresh)


def _state_refusal(action: str, s: Situation, user_id: int) -> Refused | None:
    state = s.state
    if action == SUBMIT:
        if not s.review_required:
            return Refused("状态：该记录无需审核，可直接公示")
        stale_approval = state == vocab.STATE_APPROVED and not approval_current(s)
        if state in (vocab.STATE_DRAFT, vocab.STATE_RETURNED) or stale_approval:
            return None
        return Refused(f"状态：当前为{state}，不能提交审核")
    if action == REVIEW:
        if s.author_id is not None and s.author_id == user_id:
            return Refused("法制审核：不能审核自己办理的记录", forbidden=True)
        if user_id in s.touchers:
            return Refused(SELF_REVIEW, forbidden=True)
        if state != vocab.STATE_IN_REVIEW:
            return Refused(f"状态：当前为{state}，只有待法制审核的记录才能审核")
        return None
    if action == PUBLISH:
        return _publish_refusal(s, refresh=False)
    return _published_refusal(action, s)


def _published_refusal(action: str, s: Situation) -> Refused | None:
    """Withdrawal and repair take a record off that is public now."""
    if action not in (WITHDRAW, REPAIR):
        return Refused(f"操作：未知操作 {action}", forbidden=True)
    if s.state == vocab.STATE_PUBLISHED and not s.repaired:
        return None
    if action == WITHDRAW:
        return Refused(f"状态：只有已公示的记录才能撤回（当前为{s.state}）")
    return Refused(f"状态：只有公示中的行政处罚决定才能信用修复（当前为{s.state}）")


def _may_withdraw(s: Situation, user_id: int, roles: set[str]) -> bool:
    """Return whether the account answers for the record's publication (WITHDRAW_RULE)."""
    return user_id == s.author_id or user_id in s.team or "admin" in roles


def _publish_refusal(s: Situation, *, refresh: bool) -> Refused | None:
    """Refuse publishing in the wrong state, or without fresh eyes' approval.

    With ``refresh`` (a command) a published record is published again (its page
    refreshed) and one moved over by ``import`` goes out as it was reviewed elsewhere.
    """
    if s.state == vocab.STATE_WITHDRAWN:
        return Refused("状态：已撤回的记录不能再次公示")
    if s.repaired or s.state == vocab.STATE_REPAIRED:
        return Refused("状态：已信用修复的决定不能再次公示")
    if refresh and (s.imported or s.state == vocab.STATE_PUBLISHED):
        return None
    if s.state == vocab.STATE_PUBLISHED:
        return Refused(f"状态：当前为{s.state}，不能公示")
    if not s.review_required:
        if s.state in (vocab.STATE_DRAFT, vocab.STATE_APPROVED):
            return None
        return Refused(f"状态：当前为{s.state}，不能公示")
    # The back office's words for its officer; a command's name the rule it broke.
    if s.state != vocab.STATE_APPROVED:
        needed = "法制审核通过" if refresh else "审核同意"
        return Refused(f"状态：须经{needed}才能公示（当前为{s.state}）")
    if not approval_current(s):
        if refresh:
            return Refused("法制审核：须由办案人员以外、且未修改或提交过本版本的审核员审核同意")
        return Refused("法制审核：审核同意后记录又被修改，须重新提交审核")
    return None
