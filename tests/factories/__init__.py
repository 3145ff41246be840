"""factory_boy factories, one module per app: `from tests.factories.portfolio import ProposalFactory`."""

from .core import OrganisationFactory, UserFactory

__all__ = ["OrganisationFactory", "UserFactory"]
