"""Training, export and evaluation code of the reference lung nodule model (needs torch)."""
