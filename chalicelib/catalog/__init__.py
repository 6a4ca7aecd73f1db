"""The catalog: categories, vendors (makers) and products, and how shoppers find them."""
