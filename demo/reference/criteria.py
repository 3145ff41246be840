"""The default scoring rubric for the demo data: `ensure_default_criteria()` creates the criteria that do not exist
yet and never changes ones the office has edited. The rubric itself is `portfolio.rubric`."""

from django.db import transaction

from portfolio.models import Criterion
from portfolio.rubric import DEFAULT_CRITERIA


@transaction.atomic
def ensure_default_criteria() -> list:
    """Create the default rubric where a criterion of that name is missing; return the criteria in order."""
    criteria = []
    for order, (name, axis, weight, description, descriptors) in enumerate(DEFAULT_CRITERIA, start=1):
        defaults = {"axis": axis, "weight": weight, "description": description, "sort_order": order}
        defaults.update({f"descriptor_{i}": text for i, text in enumerate(descriptors, start=1)})
        criterion, _created = Criterion.objects.get_or_create(name=name, defaults=defaults)
        criteria.append(criterion)
    return criteria
