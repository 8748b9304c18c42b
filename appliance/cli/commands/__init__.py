"""One module per ``scanside`` sub-command (see :mod:`appliance.cli`)."""
