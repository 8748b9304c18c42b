"""Lung nodule analysis: volume assembly, model inference, detection, measurement, Lung-RADS."""
