from .agencies import Agency, AgencyKind, AgencyName, Membership, SigningAuthority
from .documents import Document, DocumentKind
from .provinces import Province, ProvinceName
from .regimes import LegalRegime
from .results import (
    AcceptanceGrade,
    CommercialisationSupport,
    DossierReturn,
    IPKind,
    IPTitle,
    Result,
    ResultType,
    RevenueRecord,
    SupportKind,
    SupportStatus,
    Transfer,
    TransferForm,
    TransferRights,
    TransferStatus,
)
from .tasks import ApplicationAddress, STTask, TaskLevel

__all__ = [
    "AcceptanceGrade",
    "Agency",
    "AgencyKind",
    "AgencyName",
    "ApplicationAddress",
    "CommercialisationSupport",
    "Document",
    "DocumentKind",
    "DossierReturn",
    "IPKind",
    "IPTitle",
    "LegalRegime",
    "Membership",
    "Province",
    "SigningAuthority",
    "ProvinceName",
    "Result",
    "ResultType",
    "RevenueRecord",
    "STTask",
    "SupportKind",
    "SupportStatus",
    "TaskLevel",
    "Transfer",
    "TransferForm",
    "TransferRights",
    "TransferStatus",
]
