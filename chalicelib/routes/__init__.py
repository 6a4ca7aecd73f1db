"""Chalice Blueprints, one per area of the API. Routes stay thin."""
