"""The HTTP API in front of the running service (see :mod:`appliance.api.app`)."""
