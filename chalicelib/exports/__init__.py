"""Selling abroad: India Post services, what may go, export papers, the register."""
