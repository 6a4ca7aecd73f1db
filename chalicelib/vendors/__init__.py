"""Makers on the marketplace: their profiles, who may act for them, and their review."""
