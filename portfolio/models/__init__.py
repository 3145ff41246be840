from .benefit_plans import BenefitPlanVersion, PlanChangeLimits
from .benefit_reviews import BenefitReview, BenefitReviewInterval
from .call_intake import CallAnswer, CallQuestion
from .measures import Benefit, BenefitRealisation, Dependency, LearningEntry, Measure, MeasureMove
from .mission_reviews import MissionReview
from .missions import Mission, MissionTarget, TargetMeasurement
from .proposals import Attachment, CallForProposals, Message, Proposal, Transition
from .public_access import AccessRequest, Exemption
from .scoring import Criterion, ReviewAssignment, Score

__all__ = [
    "AccessRequest",
    "Attachment",
    "Benefit",
    "BenefitPlanVersion",
    "BenefitRealisation",
    "BenefitReview",
    "BenefitReviewInterval",
    "CallAnswer",
    "CallForProposals",
    "CallQuestion",
    "Criterion",
    "Dependency",
    "Exemption",
    "LearningEntry",
    "Measure",
    "MeasureMove",
    "Message",
    "Mission",
    "MissionReview",
    "MissionTarget",
    "PlanChangeLimits",
    "Proposal",
    "ReviewAssignment",
    "Score",
    "TargetMeasurement",
    "Transition",
]
