"""DeogharMart domain code. Nothing here imports `app`."""
