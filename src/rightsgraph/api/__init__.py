"""The web service: SPARQL 1.1 Protocol endpoint, named queries, JSON API, linked data, dumps.

``create_app(settings)`` in :mod:`rightsgraph.api.app` builds the FastAPI application.
"""
