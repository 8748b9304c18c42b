"""Where the run-time model files are when ``inference.models_dir`` is empty.

A source checkout keeps them in ``models/`` beside the ``appliance`` package, with the training
code; an installed wheel carries only the run-time files (manifests, ONNX files, the candidate
classifier, model cards, the MiniLM sentence model) as the data package ``scanside_models``
(``pyproject.toml`` maps it onto ``models/`` and lists the files). The model repository
(:mod:`appliance.inference.repository`) and the sentence embedder (:mod:`query.embedder`) ask
this module; neither reads an environment variable of its own: another folder is set through
the typed configuration (``inference.models_dir``).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

__all__ = ["INSTALLED_PACKAGE", "models_dir_of", "shipped_models_dir"]

INSTALLED_PACKAGE = "scanside_models"
"""The wheel's data package holding the run-time model files."""

_SOURCE_TREE = Path(__file__).resolve().parents[1] / "models"


def shipped_models_dir() -> Path:
    """The source tree's ``models/`` when there is one, else the installed ``scanside_models``."""
    if (_SOURCE_TREE / "lung_nodule" / "manifest.json").is_file():
        return _SOURCE_TREE
    spec = importlib.util.find_spec(INSTALLED_PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return _SOURCE_TREE  # neither: the repository's own "not found" message names this folder


def models_dir_of(configured: str) -> Path:
    """``inference.models_dir`` when set, else the shipped models."""
    return Path(configured) if configured else shipped_models_dir()
