"""Drift monitoring: does what the appliance receives, and what its model says, still look like
what the model was validated on and what the site started with? (``docs/drift.md``)"""
