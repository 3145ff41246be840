"""The portfolio's URLs, one module per area: intake, the proposal pages and harmonising, scoring, and steps 4–5."""

from . import urls_harmonise, urls_intake, urls_lifecycle, urls_scoring

app_name = "portfolio"
urlpatterns = [
    *urls_intake.urlpatterns,
    *urls_harmonise.urlpatterns,
    *urls_scoring.urlpatterns,
    *urls_lifecycle.urlpatterns,
]
