"""Storage: the PynamoDB models of the catalog table."""
