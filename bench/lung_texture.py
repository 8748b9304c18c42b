"""Measure how a lung looks on thick slices: the simulator's renders against a real series.

``PYTHONPATH=. python bench/lung_texture.py [--real DIR] [--seeds 150400 150401]
[--thickness 5] [--fine 0 120]``

The detector's false positives on the real chest CT are small dense pieces of vessel cut by
5 mm slices; this script counts them, so a change to the simulator's vessels can be compared
with the real lung (``docs/simulator.md``, "How it differs from the real series"). Each series
is resampled to the model's 1.25 mm grid and measured inside the appliance's lung mask eroded
by 5 mm; a real series is first harmonised to the noise the model was trained on, as the
pipeline does. Printed per series: the share of lung over -700 / -500 / -300 HU, the separate
pieces over -500 HU (26-connected) per litre, the share of the lung in pieces under 2 mL (vessel
pieces, not the diaphragm domes that the mask takes in at the lung bases) and the median and
90th percentile of the pieces' sizes.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from scipy import ndimage

from appliance.inference.lungs import GRID_MM, lung_mask
from appliance.inference.noise import harmonise
from appliance.inference.volume import assemble_volume, resample
from appliance.simulate import simulate_study, write_series
from models.lung_nodule.data import MAX_INPUT_NOISE_HU, MODEL_SPACING_MM

SMALL_PIECE_MM3 = 2000.0


def texture(files: list[str], *, real: bool) -> dict[str, Any]:
    volume = assemble_volume(files)
    hu = resample(volume.hu, volume.spacing_mm, MODEL_SPACING_MM)
    if real:
        hu, _ = harmonise(hu, MAX_INPUT_NOISE_HU)
    coarse = resample(volume.hu, volume.spacing_mm, GRID_MM)
    lungs = lung_mask(coarse, GRID_MM, volume.grid_affine(GRID_MM)).mask
    step = np.array(GRID_MM) / MODEL_SPACING_MM[0]
    index = [
        np.minimum((np.arange(n) / s).astype(int), lungs.shape[a] - 1)
        for a, (n, s) in enumerate(zip(hu.shape, step, strict=True))
    ]
    inner = ndimage.binary_erosion(lungs[np.ix_(*index)], iterations=4)
    litres = inner.sum() * MODEL_SPACING_MM[0] ** 3 / 1e6
    lung = hu[inner]
    dense = (hu > -500) & inner
    labels, count = ndimage.label(dense, structure=np.ones((3, 3, 3)))
    sizes = np.bincount(labels.ravel())[1:] * MODEL_SPACING_MM[0] ** 3
    small = sizes[sizes < SMALL_PIECE_MM3]
    return {
        "over_hu_percent": {
            t: round(float((lung > t).mean()) * 100, 1) for t in (-700, -500, -300)
        },
        "pieces_per_litre": round(count / litres, 1),
        "small_pieces_percent_of_lung": round(float(small.sum()) / 1e6 / litres * 100, 2),
        "piece_mm3_median_p90": [round(float(v)) for v in np.percentile(small, [50, 90])]
        if len(small)
        else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, help="a folder of one real series' DICOM files")
    parser.add_argument("--seeds", type=int, nargs="*", default=[150400, 150401])
    parser.add_argument("--thickness", type=float, default=5.0)
    parser.add_argument("--fine", type=float, nargs="*", default=[0.0, 120.0])
    args = parser.parse_args()
    if args.real:
        files = sorted(str(p) for p in args.real.glob("*.dcm"))
        print(json.dumps({"series": str(args.real), **texture(files, real=True)}))
    for fine in args.fine:
        for seed in args.seeds:
            study = simulate_study(
                seed, slice_thickness_mm=args.thickness, nodules=0, fine_vessels_per_litre=fine
            )
            with tempfile.TemporaryDirectory() as tmp:
                folder = write_series(study, Path(tmp))
                measured = texture(sorted(str(p) for p in folder.glob("*.dcm")), real=False)
            print(json.dumps({"seed": seed, "fine_vessels_per_litre": fine, **measured}))


if __name__ == "__main__":
    main()
