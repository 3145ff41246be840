"""The portfolio's URLs, one module per area: intake, proposals and harmonising, scoring, steps 4–5, benefits, the
missions' quality check."""

from . import (
    urls_benefit_reviews,
    urls_benefits,
    urls_harmonise,
    urls_intake,
    urls_lifecycle,
    urls_mission_reviews,
    urls_public_access,
    urls_scoring,
)

app_name = "portfolio"
urlpatterns = [
    *urls_intake.urlpatterns,
    *urls_harmonise.urlpatterns,
    *urls_scoring.urlpatterns,
    *urls_lifecycle.urlpatterns,
    *urls_benefits.urlpatterns,
    *urls_benefit_reviews.urlpatterns,
    *urls_mission_reviews.urlpatterns,
    *urls_public_access.urlpatterns,
]
