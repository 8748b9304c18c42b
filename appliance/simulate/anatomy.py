"""Synthetic chest anatomy: body outline, chest wall, ribs, spine, mediastinum, heart and lungs.

:func:`sample_anatomy` draws one patient's proportions; :meth:`ChestAnatomy.render` paints the
tissues in Hounsfield units on any axis-aligned grid (the study renderer uses a coarse in-plane
grid and upsamples). The shapes are analytic (ellipses, a diaphragm dome, a heart ellipsoid) so a
study of 300 slices renders in about a second.

Lobes follow a documented geometric partition of the synthetic lungs (:meth:`ChestAnatomy.lobe_at`):
with ``u`` the height above the diaphragm dome as a fraction of the dome-to-apex distance and
``v`` the fraction of the lung's depth from its front (0) to its back (1),

* the oblique fissure is the surface ``u = 0.05 + 0.65 v``: below it is the lower lobe (RLL, LLL);
* in the right lung, the horizontal fissure ``u = 0.5`` splits the rest into upper (RUL, above)
  and middle (RML, below); the left lung has no horizontal fissure (LUL includes the lingula).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

__all__ = ["LOBES", "ChestAnatomy", "sample_anatomy"]

LOBES = ("RUL", "RML", "RLL", "LUL", "LLL")

FloatArray = npt.NDArray[np.float32]

HU_AIR = -1000.0
HU_FAT = -100.0
HU_MUSCLE = 45.0
HU_SOFT = 35.0
HU_BONE = 450.0
HU_CORTEX = 900.0
HU_LUNG = -850.0


@dataclasses.dataclass(frozen=True)
class ChestAnatomy:
    """One synthetic patient's chest, in millimetres in patient coordinates (LPS)."""

    body_a: float  # half-width of the body (x)
    body_b: float  # half-depth of the body (y)
    center_x: float
    center_y: float
    fat_mm: float
    muscle_mm: float
    lung_dx: float  # lateral offset of each lung's centre from the midline
    lung_cy: float  # front-back position of the lungs' centres
    lung_ax: float
    lung_ay: float
    apex_z: float
    dome_right_z: float  # top of the right diaphragm dome
    dome_left_z: float
    dome_depth: float  # how far the dome's edges fall below its top
    heart_center: tuple[float, float, float]
    heart_axes: tuple[float, float, float]
    carina_z: float
    rib_pitch: float

    def lung_center_x(self, side: int) -> float:
        """Centre x of the right (side 1, patient right is -x) or left (side 2) lung."""
        return self.center_x + (-self.lung_dx if side == 1 else self.lung_dx)

    def hilum(self, side: int) -> tuple[float, float, float]:
        """Where the bronchi and vessels enter a lung."""
        x = self.center_x + (-1 if side == 1 else 1) * self.lung_dx * 0.45
        return (x, self.lung_cy - 0.05 * self.lung_ay, self.carina_z - 15.0)

    def _dome(self, side: int, x: FloatArray, y: FloatArray) -> FloatArray:
        top = self.dome_right_z if side == 1 else self.dome_left_z
        r2 = ((x - self.lung_center_x(side)) / self.lung_ax) ** 2 + (
            (y - self.lung_cy) / self.lung_ay
        ) ** 2
        return (top - self.dome_depth * np.minimum(r2, 1.5)).astype(np.float32)

    def lung_side(self, x: FloatArray, y: FloatArray, z: FloatArray) -> npt.NDArray[np.int8]:
        """0 outside the lungs, 1 in the right lung, 2 in the left lung (broadcasting arrays)."""
        out = np.zeros(np.broadcast_shapes(x.shape, y.shape, z.shape), dtype=np.int8)
        heart = self._in_heart(x, y, z)
        for side in (1, 2):
            height = np.clip((z - self.dome_right_z) / (self.apex_z - self.dome_right_z), 0, 1)
            taper = np.clip((self.apex_z - z) / 45.0, 0.0, 1.0) ** 0.5 * (1.0 - 0.22 * height)
            r2 = ((x - self.lung_center_x(side)) / self.lung_ax) ** 2 + (
                (y - self.lung_cy) / self.lung_ay
            ) ** 2
            inside = (r2 <= (taper * 0.98 + 0.02) ** 2) & (z < self.apex_z)
            inside &= z > self._dome(side, x, y)
            inside &= ~heart
            out[inside] = side
        return out

    def _in_heart(self, x: FloatArray, y: FloatArray, z: FloatArray) -> npt.NDArray[np.bool_]:
        (hx, hy, hz), (ax, ay, az) = self.heart_center, self.heart_axes
        r2 = ((x - hx) / ax) ** 2 + ((y - hy) / ay) ** 2 + ((z - hz) / az) ** 2
        return np.asarray(r2 <= 1.0)

    def lobe_at(self, x: float, y: float, z: float) -> str:
        """The lobe of a point by the geometric partition in the module docstring."""
        side = 1 if x < self.center_x else 2
        point = np.array([x, y], dtype=np.float32)
        dome = float(self._dome(side, point[:1], point[1:])[0])
        u = (z - dome) / max(self.apex_z - dome, 1.0)
        v = (y - (self.lung_cy - self.lung_ay)) / (2.0 * self.lung_ay)
        lower = u < 0.05 + 0.65 * v
        if side == 1:
            return "RLL" if lower else ("RUL" if u >= 0.5 else "RML")
        return "LLL" if lower else "LUL"

    def render(
        self, xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64], zs: npt.NDArray[np.float64]
    ) -> tuple[FloatArray, npt.NDArray[np.int8]]:
        """HU of every voxel of the grid ``zs x ys x xs`` and its lung label (see lung_side)."""
        x = xs.astype(np.float32)[None, None, :]
        y = ys.astype(np.float32)[None, :, None]
        z = zs.astype(np.float32)[:, None, None]
        rho = np.sqrt(
            ((x - self.center_x) / self.body_a) ** 2 + ((y - self.center_y) / self.body_b) ** 2
        )
        # approximately the depth below the skin, in mm
        depth = ((1.0 - rho) * min(self.body_a, self.body_b)).astype(np.float32)
        wall = np.select(
            [depth <= 0, depth <= self.fat_mm, depth <= self.fat_mm + self.muscle_mm],
            [HU_AIR, HU_FAT, HU_MUSCLE],
            HU_SOFT,
        ).astype(np.float32)
        hu = np.broadcast_to(wall, (zs.size, ys.size, xs.size))
        hu = self._add_ribs(hu, x, y, z, depth)
        hu = self._add_spine(hu, x, y)
        lungs = self.lung_side(x, y, z)
        lungs[:, depth[0] <= self.fat_mm + self.muscle_mm] = 0
        gradient = (y - self.lung_cy) / self.lung_ay * 25.0  # dependent lung is denser
        hu = np.where(lungs > 0, HU_LUNG + gradient, hu).astype(np.float32)
        return hu, lungs

    def _add_ribs(
        self, hu: FloatArray, x: FloatArray, y: FloatArray, z: FloatArray, depth: FloatArray
    ) -> FloatArray:
        inner = self.fat_mm + self.muscle_mm
        band = (depth > self.fat_mm + 0.3 * self.muscle_mm) & (depth < inner + 4)
        angle = np.arctan2(y - self.center_y, x - self.center_x)
        phase = (z + 25.0 * np.abs(np.sin(angle))) / self.rib_pitch  # ribs slope downwards in front
        rib = band & (np.cos(2 * np.pi * phase) > 0.55) & (np.abs(np.cos(angle)) > 0.2)
        return np.where(rib, np.float32(HU_BONE), hu)

    def _add_spine(self, hu: FloatArray, x: FloatArray, y: FloatArray) -> FloatArray:
        cy = self.center_y + self.body_b - self.fat_mm - self.muscle_mm - 22.0
        r = np.sqrt((x - self.center_x) ** 2 + (y - cy) ** 2)
        bone = np.where(r < 16.0, np.float32(HU_BONE), np.float32(HU_CORTEX))
        return np.where(r < 18.0, bone, hu).astype(np.float32)


def sample_anatomy(
    rng: np.random.Generator, fov_mm: float, z_low: float, z_high: float
) -> ChestAnatomy:
    """Draw a plausible adult chest that fits a field of view and place the lungs in ``z``.

    The lungs' dome-to-apex height is about 220-260 mm; when the scanned range is shorter the
    study simply covers part of them, as a limited scan would.
    """
    body_a = float(min(rng.uniform(150, 185), 0.46 * fov_mm))
    body_b = body_a * float(rng.uniform(0.64, 0.76))
    fat, muscle = float(rng.uniform(6, 22)), float(rng.uniform(10, 16))
    inner_a, inner_b = body_a - fat - muscle, body_b - fat - muscle
    height = float(rng.uniform(220, 260))
    span = z_high - z_low
    mid = (z_low + z_high) / 2 + (float(rng.uniform(-0.05, 0.05)) * span)
    dome_right = mid - height / 2 + 15.0 if span > height else z_low + 0.25 * span
    dome_right = max(dome_right, mid - height / 2)
    apex = dome_right + height
    heart_z = dome_right + 55.0
    cx, cy = float(rng.uniform(-8, 8)), float(rng.uniform(-12, 4))
    return ChestAnatomy(
        body_a=body_a,
        body_b=body_b,
        center_x=cx,
        center_y=cy,
        fat_mm=fat,
        muscle_mm=muscle,
        lung_dx=inner_a * float(rng.uniform(0.47, 0.52)),
        lung_cy=cy + float(rng.uniform(0.0, 0.12)) * inner_b,
        lung_ax=inner_a * float(rng.uniform(0.40, 0.45)),
        lung_ay=inner_b * float(rng.uniform(0.78, 0.86)),
        apex_z=apex,
        dome_right_z=dome_right,
        dome_left_z=dome_right - float(rng.uniform(10, 20)),
        dome_depth=float(rng.uniform(35, 55)),
        heart_center=(cx + float(rng.uniform(20, 35)), cy - 0.25 * inner_b, heart_z),
        heart_axes=(inner_a * 0.42, inner_b * 0.55, float(rng.uniform(55, 70))),
        carina_z=apex - float(rng.uniform(55, 70)),
        rib_pitch=float(rng.uniform(24, 30)),
    )
