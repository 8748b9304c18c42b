"""The technologist's terminal UI (Textual), a client of the appliance's HTTP API.

:mod:`appliance.tui.client` talks to the API and has no Textual in it; :mod:`appliance.tui.app`
is the Textual application that runs the client's calls in background workers. The TUI never
opens the catalogue: the running service owns it.
"""
