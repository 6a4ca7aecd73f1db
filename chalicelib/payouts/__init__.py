"""Makers' money after delivery: India's marketplace taxes, deductions, settlement, payouts."""
