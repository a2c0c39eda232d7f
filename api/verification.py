"""GET /api/v1/audit/verify/: the chain verification of `manage.py verify_audit` (audit.verification.verify), over
the chains the auditor's scope grants (audit.workspace.access.visible_events): each chain's status and its first broken link.
Auditors only; each run is recorded in the auditor's own history, as the verification page's is."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from audit import recorder
from audit.models import AuditorScope
from audit.security import reading_case
from audit.verification import verify
from audit.workspace.access import visible_events
from tasks_registry.access import is_auditor

from . import serializers as s


def granted_chains(user):
    """The case keys of the chains the person's scope grants, as a query (None: every chain)."""
    if (
        user.is_superuser
        or AuditorScope.objects.active().filter(user=user, province_wide=True, province__isnull=True).exists()
    ):
        return None
    return visible_events(user).order_by().values("case_key").distinct()


class AuditVerify(APIView):
    @extend_schema(responses={200: s.VerificationSerializer, 403: OpenApiResponse()})
    def get(self, request):
        if not is_auditor(request.user):
            raise exceptions.PermissionDenied(_("Chỉ thanh tra, kiểm toán viên kiểm tra được nhật ký."))
        report = verify(case_keys=granted_chains(request.user))
        broken = {link.case_key: link for link in report.broken}
        rows = []
        for key in [*(["checkpoint"] if "checkpoint" in broken else []), *report.chain_keys]:
            link = broken.get(key)
            rows.append(
                {
                    "case": key,
                    "ok": link is None,
                    "broken_at": link.seq if link else None,
                    "event": link.event_id if link else None,
                    "reason": link.reason if link else None,
                }
            )
        failed = sum(not row["ok"] for row in rows)
        with transaction.atomic():
            recorder.record(
                case=reading_case(request.user),
                obj=request.user,
                action="audit.verified",
                actor=request.user,
                changes={
                    "ok": [None, not failed],
                    "chains_checked": [None, report.chains_checked],
                    "events_checked": [None, report.events_checked],
                    "broken": [None, failed],
                    "api": [None, True],
                },
            )
        return Response(
            {
                "ok": not failed,
                "chains_checked": report.chains_checked,
                "events_checked": report.events_checked,
                "checkpoint": report.checkpoint.name if report.checkpoint else None,
                "chains": rows,
            }
        )
