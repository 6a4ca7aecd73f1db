"""Selling abroad: export profiles, export papers of a parcel and the export register."""
