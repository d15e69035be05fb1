"""Certification bodies, auditors, audits and the quality framework (R-C1 … R-C4, R-U1 … R-U6,
R-T1, R-T2, R-N4), by concept: :mod:`.framework`, :mod:`.bodies`, :mod:`.audits`."""

from .audits import (  # noqa: F401
    CERTIFYING_KINDS,
    AreaAssessment,
    Audit,
    AuditEvaluation,
    AuditKind,
    AuditReport,
    AuditState,
    CoveredNorm,
    InterimTrigger,
    ReportVersion,
    has_advice,
    has_concept_report,
    has_definitive_report,
    has_team,
    levels_disabled,
    levels_enabled,
    reviewed_by_second_auditor,
)
from .bodies import (  # noqa: F401
    Auditor,
    BodyEvaluation,
    CertificationBody,
    Contract,
    InvolvementKind,
    PriorInvolvement,
)
from .framework import (  # noqa: F401
    DevelopmentLevel,
    DocumentRequirement,
    IntervieweeFunction,
    Level,
    LevelDescription,
    Norm,
    NormChangeProposal,
    NormProposalState,
    PerformanceArea,
)
