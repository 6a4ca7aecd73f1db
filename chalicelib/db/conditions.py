"""What a failed conditional write looks like, for PynamoDB's put, update and transactions."""


def conditional_failed(exc) -> bool:
    """True when a write was refused by its condition (a version or status check),
    as opposed to any other failure."""
    if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
        return True
    reasons = getattr(exc, "cancellation_reasons", None) or []
    return any(r is not None and r.code == "ConditionalCheckFailed" for r in reasons)
