class WorkloadError(Exception):
    """An error with a message meant for the user (bad arguments, missing or unusable input)."""
