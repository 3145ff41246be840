"""URL patterns of the proposal list, a proposal's page and step 2 (harmonise and qualify); combined in urls.py."""

from django.urls import path

from .views import harmonise, proposals

urlpatterns: list = [
    path("forslag/", proposals.proposal_list, name="proposal_list"),
    path("forslag/overlapp/", proposals.overlap_suggest, name="overlap_suggest"),
    path("forslag/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("forslag/<int:pk>/sammendrag/", proposals.proposal_public, name="proposal_public"),
    path("forslag/<int:pk>/ta-inn/", harmonise.proposal_triage, name="proposal_triage"),
    path("forslag/<int:pk>/fasilitator/", harmonise.facilitator_assign, name="facilitator_assign"),
    path("forslag/<int:pk>/kvalifiser/", harmonise.proposal_qualify, name="proposal_qualify"),
    path("forslag/<int:pk>/angre-sammenslaing/", harmonise.proposal_unmerge, name="proposal_unmerge"),
    path("forslag/<int:pk>/meldinger/", harmonise.message_post, name="message_post"),
]
