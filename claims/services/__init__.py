"""The logic of the service: typed functions that take the session and never commit."""
