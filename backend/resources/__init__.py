"""Sanic blueprints, one per service of the reference backend."""
