"""Errors a service raises instead of changing anything. Messages are translated and meant for the user."""


class ServiceError(Exception):
    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self):
        return str(self.message)


class NotPermitted(ServiceError):
    """The person, or the agency they act for, may not take this step."""


class StepNotAllowed(ServiceError):
    """The step is not possible from the result's current state (or was just taken by someone else)."""


class InvalidInput(ServiceError):
    """What was submitted is incomplete or contradicts the record."""
