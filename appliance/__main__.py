"""Lets ``python -m appliance`` work exactly like the ``scanside`` console script."""

from appliance.cli import main

raise SystemExit(main())
