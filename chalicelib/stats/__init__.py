"""Figures for the district office: counters kept as orders move, and what reads them."""
