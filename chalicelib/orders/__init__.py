"""Orders: checkout, payment, parcels, delivery and payouts."""
