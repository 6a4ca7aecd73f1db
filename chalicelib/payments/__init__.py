"""Card payments through Stripe, behind one gateway module."""
