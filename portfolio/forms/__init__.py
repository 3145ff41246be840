"""The portfolio's forms, one module per area: intake, harmonisation, scoring and the lifecycle (decisions,
measures)."""
