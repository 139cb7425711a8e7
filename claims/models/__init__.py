"""The data model, one module per aggregate; importing this registers every table and hook."""

from claims.models import (
    history,  # noqa: F401  (registers the flush hooks)
    public_changes,  # noqa: F401, E402  (registers the commit hooks; needs the models above)
    snapshot,  # noqa: F401  (registers the publication hook)
)
from claims.models.article import Article
from claims.models.claim import Claim, SpanMismatch, Tag, claim_tags
from claims.models.evidence import Evidence, Stance, UnsafeURL, check_http_url
from claims.models.job import Job, JobFile, JobState
from claims.models.rating import RatingLevel, RatingLevelVersion, RatingScale
from claims.models.rating_mapping import RatingMapping
from claims.models.review import Comment, Correction, Verdict, VerdictState
from claims.models.revision import Revision
from claims.models.site import SiteState, Tally
from claims.models.snapshot import PublishedEvidence, PublishedSnapshot, published_snapshot_tags
from claims.models.user import Role, User
from claims.models.workflow import ClaimStatus, TransitionError, allowed_transitions, check_transition

__all__ = [
    "Article",
    "Claim",
    "ClaimStatus",
    "Comment",
    "Correction",
    "Evidence",
    "Job",
    "JobFile",
    "JobState",
    "PublishedEvidence",
    "PublishedSnapshot",
    "RatingLevel",
    "RatingLevelVersion",
    "RatingMapping",
    "RatingScale",
    "Revision",
    "SiteState",
    "Tally",
    "Role",
    "SpanMismatch",
    "Stance",
    "Tag",
    "TransitionError",
    "UnsafeURL",
    "User",
    "Verdict",
    "VerdictState",
    "allowed_transitions",
    "check_http_url",
    "check_transition",
    "claim_tags",
    "published_snapshot_tags",
]
