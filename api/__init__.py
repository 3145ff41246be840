"""The REST API (/api/v1/): a client of the same access policy and services as the pages, the top layer."""
