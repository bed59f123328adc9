"""The workflow's rules as plain functions: who may take which action in which state."""

from __future__ import annotations

import pytest

from admin.domain import vocab
from admin.domain import workflow as rules
from admin.domain.bodyscope import visible_bodies

AUTHOR, REVIEWER, OTHER = 1, 2, 3
OFFICER, REVIEWER_ROLE, BOTH = ("officer",), ("reviewer",), ("officer", "reviewer")


def penalty(
    state: str, *, version: int = 3, review: rules.Approval | None = None, **kw
) -> rules.Situation:
    return rules.Situation(
        dataset="penalties",
        state=state,
        version=version,
        author_id=AUTHOR,
        review_required=kw.pop("review_required", True),
        last_review=review,
        **kw,
    )


AGREED = rules.Approval(REVIEWER, "同意", 3)


@pytest.mark.parametrize(
    ("action", "situation", "user", "roles", "allowed"),
    [
        # submit: officers, from draft, returned, or an approval an edit made stale
        ("submit", penalty(vocab.STATE_DRAFT), AUTHOR, OFFICER, True),
        ("submit", penalty(vocab.STATE_RETURNED), AUTHOR, OFFICER, True),
        ("submit", penalty(vocab.STATE_DRAFT), REVIEWER, REVIEWER_ROLE, False),
        ("submit", penalty(vocab.STATE_IN_REVIEW), AUTHOR, OFFICER, False),
        ("submit", penalty(vocab.STATE_APPROVED, review=AGREED), AUTHOR, OFFICER, False),
        ("submit", penalty(vocab.STATE_APPROVED, version=4, review=AGREED), AUTHOR, OFFICER, True),
        ("submit", penalty(vocab.STATE_DRAFT, review_required=False), AUTHOR, OFFICER, False),
        # review: reviewers other than the author, only while 待法制审核
        ("review", penalty(vocab.STATE_IN_REVIEW), REVIEWER, REVIEWER_ROLE, True),
        ("review", penalty(vocab.STATE_IN_REVIEW), AUTHOR, BOTH, False),
        ("review", penalty(vocab.STATE_IN_REVIEW), OTHER, OFFICER, False),
        ("review", penalty(vocab.STATE_DRAFT), REVIEWER, REVIEWER_ROLE, False),
        ("review", penalty(vocab.STATE_APPROVED, review=AGREED), REVIEWER, REVIEWER_ROLE, False),
        # publish: officers, after an approval of this very revision by someone else
        ("publish", penalty(vocab.STATE_APPROVED, review=AGREED), AUTHOR, OFFICER, True),
        ("publish", penalty(vocab.STATE_APPROVED, review=AGREED), REVIEWER, REVIEWER_ROLE, False),
        (
            "publish",
            penalty(vocab.STATE_APPROVED, version=4, review=AGREED),
            AUTHOR,
            OFFICER,
            False,
        ),
        (
            "publish",
            penalty(vocab.STATE_APPROVED, review=rules.Approval(AUTHOR, "同意", 3)),
            AUTHOR,
            OFFICER,
            False,
        ),
        (
            "publish",
            penalty(vocab.STATE_APPROVED, review=rules.Approval(REVIEWER, "存在问题", 3)),
            AUTHOR,
            OFFICER,
            False,
        ),
        ("publish", penalty(vocab.STATE_APPROVED), AUTHOR, OFFICER, False),
        ("publish", penalty(vocab.STATE_DRAFT), AUTHOR, OFFICER, False),
        ("publish", penalty(vocab.STATE_IN_REVIEW), AUTHOR, OFFICER, False),
        ("publish", penalty(vocab.STATE_DRAFT, review_required=False), AUTHOR, OFFICER, True),
        ("publish", penalty(vocab.STATE_PUBLISHED), AUTHOR, OFFICER, False),
        ("publish", penalty(vocab.STATE_WITHDRAWN), AUTHOR, OFFICER, False),
        # withdraw and repair: officers, published records only
        ("withdraw", penalty(vocab.STATE_PUBLISHED), AUTHOR, OFFICER, True),
        # withdraw: only the record's team (author, who touched or published it) or an
        # officer who is also an administrator; another officer of the body is refused
        ("withdraw", penalty(vocab.STATE_PUBLISHED), OTHER, OFFICER, False),
        ("withdraw", penalty(vocab.STATE_PUBLISHED, team=frozenset({OTHER})), OTHER, OFFICER, True),
        ("withdraw", penalty(vocab.STATE_PUBLISHED), OTHER, ("officer", "admin"), True),
        ("withdraw", penalty(vocab.STATE_PUBLISHED), OTHER, ("admin",), False),
        ("withdraw", penalty(vocab.STATE_PUBLISHED), REVIEWER, REVIEWER_ROLE, False),
        ("withdraw", penalty(vocab.STATE_APPROVED, review=AGREED), AUTHOR, OFFICER, False),
        ("withdraw", penalty(vocab.STATE_PUBLISHED, repaired=True), AUTHOR, OFFICER, False),
        # four eyes by revision: whoever edited or submitted a revision since the last
        # approval may not review or make an approval count, whatever roles it holds
        ("review", penalty(vocab.STATE_IN_REVIEW, touchers=frozenset({OTHER})), OTHER, BOTH, False),
        (
            "review",
            penalty(vocab.STATE_IN_REVIEW, touchers=frozenset({OTHER})),
            REVIEWER,
            BOTH,
            True,
        ),
        (
            "publish",
            penalty(
                vocab.STATE_APPROVED,
                review=AGREED,
                touchers=frozenset({REVIEWER}),
            ),
            AUTHOR,
            OFFICER,
            False,
        ),
        ("repair", penalty(vocab.STATE_PUBLISHED), OTHER, OFFICER, True),
        ("repair", penalty(vocab.STATE_PUBLISHED, repaired=True), OTHER, OFFICER, False),
        ("repair", penalty(vocab.STATE_WITHDRAWN), OTHER, OFFICER, False),
        # admins hold no workflow rights
        ("publish", penalty(vocab.STATE_DRAFT, review_required=False), OTHER, ("admin",), False),
    ],
)
def test_refusal(action, situation, user, roles, allowed) -> None:
    assert (rules.refusal(action, situation, user, roles) is None) is allowed


def test_self_review_is_forbidden_not_merely_out_of_turn() -> None:
    refused = rules.refusal("review", penalty(vocab.STATE_IN_REVIEW), AUTHOR, BOTH)
    assert refused is not None and refused.forbidden
    assert "不能审核自己" in refused.message


def simple(dataset: str, state: str, review_required: bool, review=None) -> rules.Situation:
    return rules.Situation(dataset, state, 2, AUTHOR, review_required, review)


@pytest.mark.parametrize("dataset", ["inspections", "info"])
@pytest.mark.parametrize(
    ("state", "second_eyes", "review", "expected"),
    [
        (vocab.STATE_DRAFT, False, None, ["publish"]),
        (vocab.STATE_DRAFT, True, None, ["submit"]),
        (vocab.STATE_APPROVED, True, rules.Approval(REVIEWER, "同意", 2), ["publish"]),
        (vocab.STATE_APPROVED, True, rules.Approval(REVIEWER, "同意", 1), ["submit"]),
        (vocab.STATE_PUBLISHED, False, None, ["withdraw"]),
        (vocab.STATE_WITHDRAWN, False, None, []),
    ],
)
def test_other_records_follow_the_second_eyes_setting(
    dataset, state, second_eyes, review, expected
) -> None:
    situation = simple(dataset, state, second_eyes, review)
    assert rules.allowed_actions(situation, AUTHOR, BOTH) == expected


@pytest.mark.parametrize(
    ("dataset", "flag", "procedure", "policy", "second_eyes", "required"),
    [
        ("penalties", True, vocab.PROCEDURE_SUMMARY, "普通程序", False, True),
        ("penalties", False, vocab.PROCEDURE_ORDINARY, "普通程序", False, True),
        ("penalties", False, vocab.PROCEDURE_SUMMARY, "普通程序", False, False),
        ("penalties", False, vocab.PROCEDURE_SUMMARY, "全部", False, True),
        ("inspections", False, "", "全部", False, False),
        ("inspections", False, "", "普通程序", True, True),
        ("info", False, "", "普通程序", True, True),
        ("officers", False, "", "全部", True, False),
    ],
)
def test_review_required(dataset, flag, procedure, policy, second_eyes, required) -> None:
    assert rules.review_required(dataset, flag, procedure, policy, second_eyes) is required


@pytest.mark.parametrize("dataset", ["subjects", "officers", "items"])
def test_catalogue_records_are_only_refreshed_by_officers(dataset) -> None:
    situation = rules.Situation(dataset, None, 1, None, False)
    assert rules.allowed_actions(situation, OTHER, BOTH) == ["publish"]
    assert rules.allowed_actions(situation, OTHER, REVIEWER_ROLE) == []


@pytest.mark.parametrize(
    ("own", "expected"),
    [
        ([1], {1, 2, 3, 4}),  # the county sees every township and their offices
        ([2], {2, 3}),  # a township sees its office, not its neighbour nor the county
        ([3], {3}),
        ([], set()),  # an account in no body sees nothing
    ],
)
def test_visible_bodies(own, expected) -> None:
    parents = {1: None, 2: 1, 3: 2, 4: 1}
    assert visible_bodies(own, parents) == expected


def test_next_state() -> None:
    s = penalty(vocab.STATE_IN_REVIEW)
    assert rules.next_state("review", s, "同意") == vocab.STATE_APPROVED
    assert rules.next_state("review", s, "存在问题") == vocab.STATE_RETURNED
    assert rules.next_state("submit", penalty(vocab.STATE_RETURNED)) == vocab.STATE_IN_REVIEW
    assert rules.next_state("repair", penalty(vocab.STATE_PUBLISHED)) == vocab.STATE_REPAIRED


def test_touched_by_counts_revisions_since_the_previous_approval() -> None:
    touches = [
        rules.Touch(AUTHOR, "create", 1),
        rules.Touch(AUTHOR, "submit", 2),
        rules.Touch(OTHER, "edit", 5),  # after the approval of revision 3
        rules.Touch(OTHER, "submit", 6),
        rules.Touch(REVIEWER, "publish", 4),  # publishing is not authoring
    ]
    # Pending review of revision 6: the approval of 3 resets the window.
    assert rules.touched_by(touches, [3], 6) == {OTHER}
    # The approval of revision 7 itself is judged against the same window.
    assert rules.touched_by(touches, [3, 7], 7) == {OTHER}
    assert rules.touched_by(touches, [], 6) == {AUTHOR, OTHER}
    assert rules.team_of(AUTHOR, touches) == {AUTHOR, OTHER, REVIEWER}


@pytest.mark.parametrize(
    ("procedure", "policy", "required"),
    [
        (vocab.PROCEDURE_ORDINARY, "普通程序", True),
        ("简易程序", "普通程序", False),
        ("简易程序", rules.REVIEW_ALL, True),
    ],
)
def test_one_rule_says_which_decisions_need_legal_review(procedure, policy, required):
    """The form, the import and the workflow ask the same function (issue 15)."""
    assert rules.policy_requires_review(procedure, policy) is required
    flagged = rules.review_required("penalties", False, procedure, policy, False)
    assert flagged is required


# -- the one state machine: decide() ------------------------------------------------------

OFFICER_ACTOR = rules.Actor(AUTHOR, frozenset(OFFICER))
REVIEWER_ACTOR = rules.Actor(REVIEWER, frozenset(REVIEWER_ROLE))


def test_decide_moves_a_decision_through_its_life() -> None:
    assert rules.decide("submit", penalty(vocab.STATE_DRAFT), OFFICER_ACTOR) == "待法制审核"
    in_review = penalty(vocab.STATE_IN_REVIEW)
    assert rules.decide("review", in_review, REVIEWER_ACTOR, outcome="同意") == "审核通过"
    assert rules.decide("review", in_review, REVIEWER_ACTOR, outcome="存在问题") == "退回修改"
    approved = penalty(vocab.STATE_APPROVED, review=AGREED)
    assert rules.decide("publish", approved, OFFICER_ACTOR) == vocab.STATE_PUBLISHED
    published = penalty(vocab.STATE_PUBLISHED, team=frozenset({AUTHOR}))
    assert rules.decide("withdraw", published, OFFICER_ACTOR) == vocab.STATE_WITHDRAWN
    assert rules.decide("repair", published, OFFICER_ACTOR) == vocab.STATE_REPAIRED


def test_decide_refuses_with_the_rules_message() -> None:
    with pytest.raises(rules.Refused, match="不能审核自己") as refused:
        rules.decide("review", penalty(vocab.STATE_IN_REVIEW), rules.Actor(AUTHOR, frozenset(BOTH)))
    assert refused.value.forbidden
    with pytest.raises(rules.Refused, match="审核结论：必须是"):
        rules.decide("review", penalty(vocab.STATE_IN_REVIEW), REVIEWER_ACTOR, outcome="好")


def test_submit_refused_while_a_name_candidate_is_undecided() -> None:
    from admin.domain.candidates import Candidate

    found = (Candidate("违法事实", "虎生林", 0, 3), Candidate("违法事实", "李家庄", 5, 8))
    situation = penalty(vocab.STATE_DRAFT, undecided=found)
    with pytest.raises(rules.Refused, match=r"违法事实：含未确认的疑似人名（虎某某）等 2 处"):
        rules.decide("submit", situation, OFFICER_ACTOR)
    assert rules.decide("submit", penalty(vocab.STATE_DRAFT, undecided=()), OFFICER_ACTOR)


def test_an_edit_sends_an_approved_decision_back_to_draft() -> None:
    approved = penalty(vocab.STATE_APPROVED, review=AGREED)
    assert rules.decide("edit", approved, OFFICER_ACTOR) == vocab.STATE_DRAFT
    assert rules.decide("edit", penalty(vocab.STATE_RETURNED), OFFICER_ACTOR) == "退回修改"
    with pytest.raises(rules.Refused, match="不能修改"):
        rules.decide("edit", penalty(vocab.STATE_PUBLISHED), OFFICER_ACTOR)


def test_a_command_refreshes_published_records_but_never_judges() -> None:
    published = penalty(vocab.STATE_PUBLISHED)
    assert rules.decide("publish", published, rules.COMMAND) == vocab.STATE_PUBLISHED
    with pytest.raises(rules.Refused, match="不能公示"):
        rules.decide("publish", published, OFFICER_ACTOR)
    moved = penalty(vocab.STATE_IN_REVIEW, imported=True, review_required=False)
    assert rules.decide("publish", moved, rules.COMMAND) == vocab.STATE_PUBLISHED
    with pytest.raises(rules.Refused, match="须经法制审核通过"):
        rules.decide("publish", penalty(vocab.STATE_DRAFT), rules.COMMAND)
    with pytest.raises(rules.Refused) as refused:
        rules.decide("review", penalty(vocab.STATE_IN_REVIEW), rules.COMMAND, outcome="同意")
    assert refused.value.forbidden
    with pytest.raises(rules.Refused, match="已撤回的记录不能再次公示"):
        rules.decide("publish", penalty(vocab.STATE_WITHDRAWN), rules.COMMAND)


def test_repair_and_expiry_are_judged_by_the_dates() -> None:
    import datetime as dt

    terms = rules.Terms(dt.date(2021, 5, 10), "一般", publicity_until=dt.date(2021, 11, 10))
    published = penalty(vocab.STATE_PUBLISHED, terms=terms, team=frozenset({AUTHOR}))
    with pytest.raises(rules.Refused, match="最短公示期尚未届满"):
        rules.decide("repair", published, OFFICER_ACTOR, today=dt.date(2021, 8, 10))
    assert rules.decide("repair", published, OFFICER_ACTOR, today=dt.date(2021, 8, 11))
    with pytest.raises(rules.Refused, match="尚未届满"):
        rules.decide("expire", published, today=dt.date(2021, 11, 10))  # shown through it
    assert rules.decide("expire", published, today=dt.date(2021, 11, 11)) == "已公示"
    with pytest.raises(rules.Refused):
        rules.decide(
            "expire", penalty(vocab.STATE_WITHDRAWN, terms=terms), today=dt.date(2030, 1, 1)
        )


def test_records_without_a_workflow_have_no_state() -> None:
    subject = rules.Situation("subjects", None, None, None, False)
    assert rules.decide("publish", subject, OFFICER_ACTOR) is None
    assert rules.decide("withdraw", subject, rules.COMMAND) is None  # an officer's page taken down
    assert rules.next_state("publish", penalty(vocab.STATE_APPROVED)) == vocab.STATE_PUBLISHED
