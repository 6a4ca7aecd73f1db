"""Who is calling: Cognito sign-in and JWT verification."""
