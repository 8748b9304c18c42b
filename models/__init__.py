"""The model repository: one folder per model (manifest, ONNX files, model card, training code)."""
