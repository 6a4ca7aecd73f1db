"""The cloud deployment: a CDK v2 app embedding the Chalice app (`python -m infra.cdk.app`)."""
