"""The appliance's health, computed once and shown everywhere (issue 20).

:mod:`~appliance.health.snapshot` holds the typed, frozen :class:`HealthSnapshot` (values only),
:mod:`~appliance.health.rules` the alert rules, :mod:`~appliance.health.machine` the probes of
the machine and :mod:`~appliance.health.probe` takes a snapshot. The API serves it, ``scanside
status`` prints it and the TUI renders it; none of them computes health of its own, and this
package imports none of them (import contracts in ``pyproject.toml``).
"""
