"""Branching vessel and airway trees, the structures a nodule detector must learn to ignore.

:func:`grow_tree` grows a bifurcating tree from a root at the hilum (Murray's-law radii, branch
angles of 20-45 degrees) and prunes branches that would leave the lung, so the trees fill the
lungs as pulmonary arteries, veins and bronchi do. :func:`rasterize` paints segments as
partial-volume occupancy (0-1) onto an axis-aligned grid; the study renderer blends that
occupancy towards blood (vessels), bronchial wall and air (airway lumen).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

__all__ = ["grow_tree", "rasterize"]

FloatArray = npt.NDArray[np.float32]
Segments = npt.NDArray[np.float64]
"""One row per segment: x0, y0, z0, x1, y1, z1, radius (mm)."""

InLung = Callable[[npt.NDArray[np.float64]], npt.NDArray[np.bool_]]


def grow_tree(
    rng: np.random.Generator,
    root: tuple[float, float, float],
    *,
    direction: tuple[float, float, float],
    radius: float,
    length: float,
    min_radius: float,
    in_lung: InLung,
    max_segments: int = 2500,
) -> Segments:
    """Segments of a tree grown generation by generation until thinner than ``min_radius``.

    Each branch splits in two, rotated by 20-45 degrees to either side about a random axis
    perpendicular to it; a branch whose end would leave the lung is pruned with its subtree.
    """
    d0 = np.asarray(direction, dtype=np.float64)
    p0 = np.asarray(root, dtype=np.float64)[None, :]
    d = (d0 / np.linalg.norm(d0))[None, :]
    r = np.array([radius])
    seg_len = np.array([length])
    rows = [np.column_stack([p0, p0 + d * seg_len[:, None], r])]
    count = 1
    while count < max_segments:
        p0 = rows[-1][:, 3:6]
        child_r = r * rng.uniform(0.72, 0.84, size=r.size)
        keep = child_r >= min_radius
        if not keep.any():
            break
        p0, d, child_r, seg_len = p0[keep], d[keep], child_r[keep], seg_len[keep]
        axis = rng.normal(size=d.shape)
        axis -= (axis * d).sum(axis=1, keepdims=True) * d
        axis /= np.linalg.norm(axis, axis=1, keepdims=True) + 1e-9
        kids = []
        for sign in (1.0, -1.0):
            angle = np.deg2rad(rng.uniform(20, 45, size=(d.shape[0], 1)))
            kids.append(np.cos(angle) * d + sign * np.sin(angle) * axis)
        d = np.vstack(kids)
        d /= np.linalg.norm(d, axis=1, keepdims=True)
        p0 = np.vstack([p0, p0])
        r = np.concatenate([child_r, child_r])
        grow = rng.uniform(0.7, 0.92, size=r.size)
        seg_len = np.maximum(np.concatenate([seg_len, seg_len]) * grow, 3.0 * r)
        p1 = p0 + d * seg_len[:, None]
        ok = in_lung(p1)
        p0, p1, d, r, seg_len = p0[ok], p1[ok], d[ok], r[ok], seg_len[ok]
        if r.size == 0:
            break
        rows.append(np.column_stack([p0, p1, r]))
        count += r.size
    return np.vstack(rows)


def rasterize(
    occupancy: FloatArray,
    segments: Segments,
    axes: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]],
    voxel_mm: float,
    radius_add: float = 0.0,
) -> None:
    """Max-blend the partial-volume occupancy of every segment into ``occupancy`` (z, y, x).

    ``axes`` are the patient coordinates of the grid along z, y and x (uniformly spaced);
    ``radius_add`` widens every segment (a bronchial wall around the lumen).
    """
    zs, ys, xs = axes
    steps = [float(a[1] - a[0]) if a.size > 1 else 1.0 for a in axes]
    for x0, y0, z0, x1, y1, z1, r in segments:
        rr = r + radius_add
        reach = rr + voxel_mm
        lo = np.minimum((z0, y0, x0), (z1, y1, x1)) - reach
        hi = np.maximum((z0, y0, x0), (z1, y1, x1)) + reach
        sl = []
        for axis, a in enumerate(axes):
            i0 = max(int(np.floor((lo[axis] - a[0]) / steps[axis])), 0)
            i1 = min(int(np.ceil((hi[axis] - a[0]) / steps[axis])) + 1, a.size)
            sl.append(slice(i0, i1))
        if any(s.start >= s.stop for s in sl):
            continue
        pz = zs[sl[0]][:, None, None] - z0
        py = ys[sl[1]][None, :, None] - y0
        px = xs[sl[2]][None, None, :] - x0
        dz, dy, dx = z1 - z0, y1 - y0, x1 - x0
        seg2 = max(dx * dx + dy * dy + dz * dz, 1e-9)
        t = np.clip((px * dx + py * dy + pz * dz) / seg2, 0.0, 1.0)
        dist = np.sqrt((px - t * dx) ** 2 + (py - t * dy) ** 2 + (pz - t * dz) ** 2)
        occ = np.clip((rr - dist) / voxel_mm + 0.5, 0.0, 1.0) * min(1.0, 2.0 * rr / voxel_mm)
        region = occupancy[sl[0], sl[1], sl[2]]
        np.maximum(region, occ.astype(np.float32), out=region)
