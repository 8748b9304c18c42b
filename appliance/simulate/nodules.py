"""Synthetic lung nodules: drawing their properties, painting them, and measuring the truth.

A nodule body is a union of ellipsoids (one for smooth and spiculated nodules, a core with
bulging lobes for lobulated ones); spiculated nodules add thin tapering spicules radiating from
the surface; part-solid nodules hold a solid core inside ground glass. Sizes follow the LUNA16
reference standard (``diameter_mm`` of ``../shared/realdata/luna16/annotations.csv``, embedded in
:data:`LUNA16_DIAMETERS_MM` quantiles so the simulator needs no file at run time).

The ground truth is *measured* on the exact body shape the way a radiologist measures (Lung-RADS
v2022, as :mod:`appliance.inference.measure` does on an image): on the axial section of greatest
extent, the long axis (the longest diameter) and the short axis (the longest chord perpendicular to
it), mean diameter = (long + short) / 2; spicules are excluded. :func:`body_axes` finds the
section's boundary by bisection along rays, so the truth carries no grid error; the draw first
scales the shape with a quicker grid estimate (:func:`measure_shape`), so a nodule's truth
diameter is within about 0.2 mm of the diameter drawn.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.spatial import ConvexHull, QhullError

__all__ = [
    "LUNA16_DIAMETERS_MM",
    "NoduleShape",
    "NoduleTruth",
    "body_axes",
    "measure_shape",
    "occupancy",
    "sample_shape",
]

FloatArray = npt.NDArray[np.float64]

# Quantiles 0, 5, 10, ... 100 % of LUNA16's 1,186 annotated diameters (mm).
LUNA16_DIAMETERS_MM = (
    3.25, 3.85, 4.12, 4.39, 4.66, 4.93, 5.23, 5.52, 5.84, 6.21, 6.63,
    7.08, 7.62, 8.25, 9.03, 10.02, 11.30, 13.00, 15.88, 20.03, 32.27,
)  # fmt: skip

HU_SOLID = (15.0, 60.0)
HU_GROUND_GLASS = (-680.0, -540.0)
HU_CALCIFIED = (300.0, 750.0)
HU_SPICULE = -60.0


@dataclasses.dataclass(frozen=True)
class NoduleShape:
    """What a nodule is, in millimetres relative to its centre (patient axes)."""

    attenuation: str  # solid | part-solid | ground-glass
    margin: str  # smooth | lobulated | spiculated
    calcified: bool
    body_hu: float
    core_hu: float
    core_radius_mm: float  # solid core of a part-solid nodule (0 otherwise)
    ellipsoids: tuple[tuple[float, ...], ...]  # (dx, dy, dz, a, b, c, theta) each
    spicules: tuple[tuple[float, ...], ...]  # (ux, uy, uz, start, length, radius) each

    def scaled(self, factor: float) -> NoduleShape:
        ell = tuple((*(v * factor for v in e[:6]), e[6]) for e in self.ellipsoids)
        spi = tuple((*s[:3], s[3] * factor, s[4] * factor, s[5]) for s in self.spicules)
        return dataclasses.replace(
            self, ellipsoids=ell, spicules=spi, core_radius_mm=self.core_radius_mm * factor
        )

    @property
    def reach_mm(self) -> float:
        """Distance from the centre beyond which the nodule leaves no trace."""
        body = max(float(np.linalg.norm(e[:3])) + max(e[3:6]) for e in self.ellipsoids)
        spikes = max((s[3] + s[4] + s[5] for s in self.spicules), default=0.0)
        return float(max(body, spikes)) + 1.0


@dataclasses.dataclass(frozen=True)
class NoduleTruth:
    """The ground truth of one simulated nodule, as written to the study's JSON."""

    index: int
    center_mm: tuple[float, float, float]
    diameter_mm: float
    long_axis_mm: float
    short_axis_mm: float
    volume_mm3: float
    attenuation: str
    solid_component_mm: float | None
    margin: str
    calcified: bool
    lobe: str
    mean_hu: float

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["center_mm"] = [round(v, 2) for v in self.center_mm]
        return data


def draw_diameter(rng: np.random.Generator, suspicious: bool) -> float:
    """A mean diameter drawn from LUNA16's distribution (>= 15 mm when ``suspicious``)."""
    q = rng.uniform(0.9 if suspicious else 0.0, 1.0) * (len(LUNA16_DIAMETERS_MM) - 1)
    i = min(int(q), len(LUNA16_DIAMETERS_MM) - 2)
    lo, hi = LUNA16_DIAMETERS_MM[i], LUNA16_DIAMETERS_MM[i + 1]
    return float(lo + (q - i) * (hi - lo))


def sample_shape(
    rng: np.random.Generator, diameter_mm: float, suspicious: bool
) -> tuple[NoduleShape, tuple[float, float, float, float]]:
    """Draw attenuation, margin, calcification and geometry for a nodule of ``diameter_mm``.

    Returns the shape, scaled so its grid-measured mean diameter (:func:`measure_shape`) is
    ``diameter_mm``, and its truth: the long and short axis of :func:`body_axes`, the volume and
    the solid core's diameter.
    """
    if suspicious:
        attenuation = str(rng.choice(["solid", "part-solid"], p=[0.6, 0.4]))
        margin = str(rng.choice(["spiculated", "lobulated"], p=[0.7, 0.3]))
    else:
        attenuation = str(rng.choice(["solid", "part-solid", "ground-glass"], p=[0.68, 0.14, 0.18]))
        margin = str(rng.choice(["smooth", "lobulated", "spiculated"], p=[0.5, 0.25, 0.25]))
    calcified = attenuation == "solid" and margin != "spiculated" and not suspicious
    calcified = calcified and rng.uniform() < 0.15
    radius = diameter_mm / 2.0
    ellipsoids = _body(rng, radius, margin)
    spicules = _spicules(rng, radius) if margin == "spiculated" else ()
    if calcified:
        body_hu = float(rng.uniform(*HU_CALCIFIED))
    elif attenuation == "solid":
        body_hu = float(rng.uniform(*HU_SOLID))
    else:
        body_hu = float(rng.uniform(*HU_GROUND_GLASS))
    core = radius * float(rng.uniform(0.35, 0.65)) if attenuation == "part-solid" else 0.0
    shape = NoduleShape(
        attenuation=attenuation,
        margin=margin,
        calcified=calcified,
        body_hu=body_hu,
        core_hu=float(rng.uniform(*HU_SOLID)),
        core_radius_mm=core,
        ellipsoids=ellipsoids,
        spicules=spicules,
    )
    long_mm, short_mm, volume, core = measure_shape(shape)
    f = diameter_mm / ((long_mm + short_mm) / 2.0)
    scaled = shape.scaled(f)
    return scaled, (*body_axes(scaled), volume * f**3, core * f)


def _body(rng: np.random.Generator, radius: float, margin: str) -> tuple[tuple[float, ...], ...]:
    ratio = float(rng.uniform(0.72, 1.0))
    a = radius * 2.0 / (1.0 + ratio)
    c = a * float(rng.uniform(0.8, 1.1))
    theta = float(rng.uniform(0, np.pi))
    if margin != "lobulated":
        return ((0.0, 0.0, 0.0, a, a * ratio, c, theta),)
    parts: list[tuple[float, ...]] = [(0.0, 0.0, 0.0, 0.8 * a, 0.8 * a * ratio, 0.8 * c, theta)]
    for k in range(int(rng.integers(3, 6))):
        phi = 2 * np.pi * (k + rng.uniform(-0.2, 0.2)) / 5.0
        elev = float(rng.uniform(-0.5, 0.5))
        u = np.array([np.cos(phi) * np.cos(elev), np.sin(phi) * np.cos(elev), np.sin(elev)])
        off = u * a * float(rng.uniform(0.45, 0.6))
        r = a * float(rng.uniform(0.4, 0.55))
        parts.append((float(off[0]), float(off[1]), float(off[2]), r, r, r, 0.0))
    return tuple(parts)


def _spicules(rng: np.random.Generator, radius: float) -> tuple[tuple[float, ...], ...]:
    out = []
    for _ in range(int(rng.integers(8, 17))):
        v = rng.normal(size=3) * np.array([1.0, 1.0, 0.6])
        v /= np.linalg.norm(v)
        length = radius * float(rng.uniform(0.6, 1.4)) + float(rng.uniform(2.0, 5.0))
        width = float(rng.uniform(0.45, 0.85))
        out.append((float(v[0]), float(v[1]), float(v[2]), radius * 0.8, length, width))
    return tuple(out)


def _ellipsoid_sd(e: tuple[float, ...], x: FloatArray, y: FloatArray, z: FloatArray) -> FloatArray:
    """Approximate signed distance (mm, negative inside) to one ellipsoid."""
    dx, dy, dz, a, b, c, theta = e
    px, py, pz = x - dx, y - dy, z - dz
    u = px * np.cos(theta) + py * np.sin(theta)
    v = -px * np.sin(theta) + py * np.cos(theta)
    q = np.sqrt((u / a) ** 2 + (v / b) ** 2 + (pz / c) ** 2)
    return np.asarray((q - 1.0) * min(a, b, c))


def occupancy(
    shape: NoduleShape, x: FloatArray, y: FloatArray, z: FloatArray, voxel_mm: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Partial-volume occupancy (0-1) of the body, the solid core and the spicules at points
    given relative to the centre (broadcasting arrays, mm)."""
    sd = np.min([_ellipsoid_sd(e, x, y, z) for e in shape.ellipsoids], axis=0)
    body = np.clip(0.5 - sd / voxel_mm, 0.0, 1.0)
    core = np.zeros_like(body)
    if shape.core_radius_mm > 0:
        r = np.sqrt(x * x + y * y + z * z)
        core = np.clip(0.5 - (r - shape.core_radius_mm) / voxel_mm, 0.0, 1.0)
    spikes = np.zeros_like(body)
    for ux, uy, uz, start, length, width in shape.spicules:
        t = np.clip((x * ux + y * uy + z * uz - start) / length, 0.0, 1.0)
        along = start + t * length
        px, py, pz = x - along * ux, y - along * uy, z - along * uz
        dist = np.sqrt(px * px + py * py + pz * pz)
        w = width * (1.0 - 0.75 * t)
        occ = np.clip((w - dist) / voxel_mm + 0.5, 0.0, 1.0) * np.minimum(1.0, 2.0 * w / voxel_mm)
        spikes = np.maximum(spikes, occ)
    return body, core, spikes


def measure_shape(shape: NoduleShape) -> tuple[float, float, float, float]:
    """(long axis, short axis, volume mm3, solid-core mean diameter) of the body, measured."""
    reach = max(float(np.linalg.norm(e[:3])) + max(e[3:6]) for e in shape.ellipsoids) + 0.5
    h = max(reach / 40.0, 0.05)
    g = np.arange(-reach, reach + h, h)
    z, y, x = np.meshgrid(g, g, g, indexing="ij")
    sd = np.min([_ellipsoid_sd(e, x, y, z) for e in shape.ellipsoids], axis=0)
    inside = sd <= 0
    volume = float(inside.sum()) * h**3
    k = int(np.argmax(inside.sum(axis=(1, 2))))
    rows, cols = np.nonzero(inside[k])
    long_mm, short_mm = feret_axes(np.column_stack([g[cols], g[rows]]), h)
    return long_mm, short_mm, volume, 2.0 * shape.core_radius_mm


def feret_axes(points_xy: FloatArray, pixel_mm: float) -> tuple[float, float]:
    """Longest diameter of a 2D point set and the longest extent perpendicular to it (mm)."""
    if len(points_xy) < 3:
        return pixel_mm, pixel_mm
    try:
        hull = points_xy[ConvexHull(points_xy).vertices]
    except QhullError:
        hull = points_xy
    diff = hull[:, None, :] - hull[None, :, :]
    dist = np.sqrt((diff**2).sum(axis=-1))
    i, j = np.unravel_index(int(np.argmax(dist)), dist.shape)
    u = (hull[j] - hull[i]) / max(float(dist[i, j]), 1e-9)
    perp = hull @ np.array([-u[1], u[0]])
    return float(dist[i, j]) + pixel_mm, float(perp.max() - perp.min()) + pixel_mm


_RAYS = 720
_SECTIONS = 41


def _body_sd(shape: NoduleShape, x: FloatArray, y: FloatArray, z: FloatArray) -> FloatArray:
    return np.asarray(np.min([_ellipsoid_sd(e, x, y, z) for e in shape.ellipsoids], axis=0))


def _section_boundaries(shape: NoduleShape, zs: FloatArray) -> FloatArray:
    """Boundary points (x, y) of the axial sections at heights ``zs``, shape (len(zs), rays, 2):
    along each of ``_RAYS`` in-plane rays from the axis, the body's edge by bisection."""
    angles = np.linspace(0.0, 2.0 * np.pi, _RAYS, endpoint=False)
    ux, uy = np.cos(angles)[None, :], np.sin(angles)[None, :]
    z = np.broadcast_to(zs[:, None], (len(zs), _RAYS))
    lo = np.zeros(z.shape)
    hi = np.full(z.shape, shape.reach_mm)
    for _ in range(30):
        mid = (lo + hi) / 2.0
        inside = _body_sd(shape, mid * ux, mid * uy, z) <= 0
        lo, hi = np.where(inside, mid, lo), np.where(inside, hi, mid)
    return np.stack([lo * ux, lo * uy], axis=-1)


def _perpendicular_chord(points: FloatArray, u: FloatArray) -> float:
    """Longest chord of the closed polygon ``points`` perpendicular to the unit vector ``u``."""
    along, across = points @ u, points @ np.array([-u[1], u[0]])
    a0, a1 = along[None, :], np.roll(along, -1)[None, :]
    c0, c1 = across[None, :], np.roll(across, -1)[None, :]
    s = np.linspace(along.min(), along.max(), 402)[1:-1, None]
    crossing = (a0 - s) * (a1 - s) <= 0
    t = np.clip((s - a0) / np.where(a1 == a0, 1.0, a1 - a0), 0.0, 1.0)
    cut = c0 + t * (c1 - c0)
    top = np.where(crossing, cut, -np.inf).max(axis=1)
    bottom = np.where(crossing, cut, np.inf).min(axis=1)
    return float(np.max(top - bottom))


def body_axes(shape: NoduleShape) -> tuple[float, float]:
    """Lung-RADS long and short axis (mm) of the body, spicules excluded: on the axial section
    whose longest diameter is greatest (sections through the centre's axis, where it is inside),
    the longest diameter (the greatest width over 360 directions) and the longest chord
    perpendicular to it."""
    depth = min(e[5] for e in shape.ellipsoids)
    zs = np.linspace(-0.9 * depth, 0.9 * depth, _SECTIONS)
    sections = _section_boundaries(shape, zs)
    angles = np.linspace(0.0, np.pi, 360, endpoint=False)
    projections = sections @ np.stack([np.cos(angles), np.sin(angles)])
    widths = projections.max(axis=1) - projections.min(axis=1)
    best = int(np.argmax([w.max() for w in widths]))
    u = np.array(
        [np.cos(angles[int(np.argmax(widths[best]))]), np.sin(angles[int(np.argmax(widths[best]))])]
    )
    return float(widths[best].max()), _perpendicular_chord(sections[best], u)
