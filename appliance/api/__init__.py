"""The appliance's HTTP API (Litestar), served by ``scanside serve`` in front of the Service.

:func:`appliance.api.app.create_app` builds the application; the modules beside it each hold
one concern (authentication, audit, errors, metrics, one module per group of routes). Nothing in
the core imports this package.
"""
