"""Route handlers, one module per group of endpoints; :mod:`appliance.api.app` collects them."""
