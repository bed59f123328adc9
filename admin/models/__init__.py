"""The back-office's tables. Import from here: ``from admin.models import PenaltyDecision``."""

from admin.models import searchindex  # noqa: F401 - keeps the search index on every flush
from admin.models.accounts import LoginAttempt, User, UserSession, user_bodies
from admin.models.attachments import Attachment
from admin.models.audit import AuditChainHead, AuditEntry
from admin.models.bodies import Body
from admin.models.calendar import CalendarNotice
from admin.models.info import InfoItem
from admin.models.inspections import Inspection
from admin.models.items import EnforcementItem
from admin.models.licences import Licence
from admin.models.officers import Officer
from admin.models.penalties import PenaltyDecision, Review
from admin.models.reports import AnnualReport, RuleOfLawReport
from admin.models.requests import InfoRequest
from admin.models.touches import RevisionTouch

#: The model of each record type of the declaration (admin.domain.datasets), by its key.
DATASET_MODELS: dict[str, type] = {
    "subjects": Body,
    "officers": Officer,
    "items": EnforcementItem,
    "penalties": PenaltyDecision,
    "licences": Licence,
    "inspections": Inspection,
    "info": InfoItem,
}

__all__ = [
    "DATASET_MODELS",
    "AnnualReport",
    "Attachment",
    "AuditChainHead",
    "AuditEntry",
    "Body",
    "CalendarNotice",
    "EnforcementItem",
    "InfoItem",
    "InfoRequest",
    "Inspection",
    "Licence",
    "LoginAttempt",
    "Officer",
    "PenaltyDecision",
    "Review",
    "RevisionTouch",
    "RuleOfLawReport",
    "User",
    "UserSession",
    "user_bodies",
]
