from .benefit_plans import BenefitPlanVersion
from .measures import Benefit, BenefitRealisation, Dependency, LearningEntry, Measure, MeasureMove
from .mission_reviews import MissionReview
from .missions import Mission, MissionTarget, TargetMeasurement
from .proposals import Attachment, CallForProposals, Message, Proposal, Transition
from .scoring import Criterion, ReviewAssignment, Score

__all__ = [
    "Attachment",
    "Benefit",
    "BenefitPlanVersion",
    "BenefitRealisation",
    "CallForProposals",
    "Criterion",
    "Dependency",
    "LearningEntry",
    "Measure",
    "MeasureMove",
    "Message",
    "Mission",
    "MissionReview",
    "MissionTarget",
    "Proposal",
    "ReviewAssignment",
    "Score",
    "TargetMeasurement",
    "Transition",
]
