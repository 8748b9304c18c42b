"""Lung nodule analysis: model repository and runtime, volume assembly, measurement, pipeline."""
