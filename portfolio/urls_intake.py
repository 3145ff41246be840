"""URL patterns of the intake area (step 1: the intake form, attachments, calls for proposals; combined in urls.py)."""

from django.urls import path

from .views import call_intake, calls, intake

urlpatterns: list = [
    path("forslag/ny/", intake.proposal_create, name="proposal_create"),
    path("forslag/<int:pk>/endre/", intake.proposal_edit, name="proposal_edit"),
    path("forslag/<int:pk>/send-inn/", intake.proposal_submit, name="proposal_submit"),
    path("forslag/<int:pk>/trekk/", intake.proposal_withdraw, name="proposal_withdraw"),
    path("forslag/<int:pk>/vedlegg/", intake.attachment_upload, name="attachment_upload"),
    path("forslag/<int:pk>/vedlegg/<int:attachment_pk>/", intake.attachment_download, name="attachment_download"),
    path("forslag/<int:pk>/vedlegg/<int:attachment_pk>/fjern/", intake.attachment_remove, name="attachment_remove"),
    path("utlysninger/", calls.call_list, name="call_list"),
    path("utlysninger/ny/", calls.call_edit, name="call_create"),
    path("utlysninger/<int:pk>/endre/", calls.call_edit, name="call_edit"),
    path("utlysninger/<int:pk>/lukk/", calls.call_close, name="call_close"),
    path("utlysninger/<int:pk>/sporsmal/", call_intake.call_questions, name="call_questions"),
    path("utlysninger/<int:pk>/sporsmal/ny/", call_intake.call_question_add, name="call_question_add"),
    path(
        "utlysninger/<int:pk>/sporsmal/<int:question_pk>/endre/",
        call_intake.call_question_edit,
        name="call_question_edit",
    ),
    path(
        "utlysninger/<int:pk>/sporsmal/<int:question_pk>/trekk/",
        call_intake.call_question_retire,
        name="call_question_retire",
    ),
    path("utlysninger/<int:pk>/kriterier/ny/", call_intake.call_criterion_add, name="call_criterion_add"),
]
