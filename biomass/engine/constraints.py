"""Constraint layers as axes of a small cube of precomputed sums.

Aggregating a resource layer keeps, per region, the mass in each combination of
constraint values ("key"): the classes of a categorical layer (land cover), and the bins of
a continuous one (slope, at a fixed bin width). A scenario's constraints (maximum slope,
excluded classes) then select keys, so recomputing any scenario is a tiny matrix product,
whatever the raster size. A continuous threshold must be a multiple of the bin width; then
the result is exactly the cell-by-cell answer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .errors import InvalidInput

CATEGORICAL = "categorical"
CONTINUOUS = "continuous"


@dataclass(frozen=True)
class ConstraintAxis:
    """One constraint layer as seen by the engine.

    categorical: ``classes`` lists the integer classes (others and nodata go to one extra
    key). continuous: values v ≥ 0 fall in bin ceil(v / bin_width) (so v ≤ k·w ⟺ bin ≤ k),
    up to ``max_value``; nodata gets one extra key.
    """

    name: str
    kind: str
    path: str = ""
    classes: tuple[int, ...] = ()
    bin_width: float = 1.0
    max_value: float = 0.0
    version: str = ""

    def __post_init__(self):
        if self.kind not in (CATEGORICAL, CONTINUOUS):
            raise InvalidInput("unknown constraint kind %(kind)r", params={"kind": self.kind})
        if self.kind == CONTINUOUS and not self.bin_width > 0:
            raise InvalidInput("a continuous constraint needs a positive bin width")

    @property
    def size(self) -> int:
        """Number of keys, the last one being nodata (or an unknown class)."""
        if self.kind == CATEGORICAL:
            return len(self.classes) + 1
        return self.bins + 1

    @property
    def bins(self) -> int:
        return int(math.ceil(self.max_value / self.bin_width - 1e-9)) + 1

    @property
    def nodata_key(self) -> int:
        return self.size - 1

    def keys(self, values: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """Key of every cell (int64), from the layer's values and validity mask."""
        if self.kind == CATEGORICAL:
            lookup = {c: i for i, c in enumerate(self.classes)}
            out = np.full(values.shape, self.nodata_key, dtype=np.int64)
            ints = values.astype(np.int64, copy=False)
            for cls, index in lookup.items():
                out[valid & (ints == cls)] = index
            return out
        scaled = np.ceil(np.where(valid, values, 0) / self.bin_width - 1e-9)
        keys = np.clip(scaled, 0, self.bins - 1).astype(np.int64)
        keys[~valid] = self.nodata_key
        return keys

    def passes(self, rule: Mapping) -> np.ndarray:
        """Which keys pass a rule: {"max": t} for continuous axes,
        {"exclude": [classes]} / {"include": [classes]} for categorical ones;
        {"nodata": "keep"|"exclude"} for both (default keep)."""
        ok = np.ones(self.size, dtype=bool)
        if self.kind == CONTINUOUS:
            upper = np.arange(self.bins) * self.bin_width  # bin k holds (k-1)w < v <= kw
            if "max" in rule and rule["max"] is not None:
                ok[: self.bins] &= upper <= self._on_grid(rule["max"]) + 1e-9
        else:
            if rule.get("exclude"):
                excluded = {int(c) for c in rule["exclude"]}
                ok[: len(self.classes)] &= np.array([c not in excluded for c in self.classes], dtype=bool)
            if rule.get("include"):
                included = {int(c) for c in rule["include"]}
                ok[: len(self.classes)] &= np.array([c in included for c in self.classes], dtype=bool)
        if rule.get("nodata", "keep") == "exclude":
            ok[self.nodata_key] = False
        return ok

    def _on_grid(self, threshold) -> float:
        value = float(threshold)
        steps = value / self.bin_width
        if value < 0 or abs(steps - round(steps)) > 1e-6:
            raise InvalidInput(
                "the threshold %(value)s on %(name)r must be a non-negative multiple of %(width)s",
                params={"value": value, "name": self.name, "width": self.bin_width},
            )
        return round(steps) * self.bin_width


@dataclass(frozen=True)
class ConstraintCube:
    """The product of several axes: key = Σ key_a · stride_a."""

    axes: tuple[ConstraintAxis, ...] = field(default_factory=tuple)

    @property
    def size(self) -> int:
        return int(np.prod([a.size for a in self.axes])) if self.axes else 1

    @property
    def strides(self) -> list[int]:
        strides, step = [], 1
        for axis in reversed(self.axes):
            strides.append(step)
            step *= axis.size
        return list(reversed(strides))

    def combine(self, per_axis_keys: Sequence[np.ndarray], shape) -> np.ndarray:
        key = np.zeros(shape, dtype=np.int64)
        for keys, stride in zip(per_axis_keys, self.strides, strict=True):
            key += keys * stride
        return key

    def mask(self, rules: Mapping[str, Mapping]) -> np.ndarray:
        """1.0 for keys that pass every rule (rules by axis name), else 0.0."""
        unknown = set(rules) - {a.name for a in self.axes}
        if unknown:
            raise InvalidInput(
                "no constraint layer named %(names)s", params={"names": ", ".join(sorted(unknown))}
            )
        result = np.ones(self.size, dtype=bool)
        for axis, stride in zip(self.axes, self.strides, strict=True):
            if axis.name not in rules:
                continue
            ok = axis.passes(rules[axis.name])
            index = (np.arange(self.size) // stride) % axis.size
            result &= ok[index]
        return result.astype(np.float64)

    def by_bin(self, values: np.ndarray, name: str) -> np.ndarray:
        """Sums of ``values`` (regions × keys) over the keys of each bin of the continuous axis
        ``name`` (regions × bins), leaving out its nodata key."""
        names = [a.name for a in self.axes]
        if name not in names:
            raise InvalidInput("no constraint layer named %(names)s", params={"names": name})
        axis, stride = self.axes[names.index(name)], self.strides[names.index(name)]
        index = (np.arange(self.size) // stride) % axis.size
        keep = index != axis.nodata_key
        return (
            np.stack(
                [
                    np.bincount(index[keep], weights=row[keep], minlength=axis.bins)[: axis.bins]
                    for row in values
                ]
            )
            if len(values)
            else np.zeros((0, axis.bins))
        )

    def describe(self) -> list[dict]:
        return [
            {
                "name": a.name,
                "kind": a.kind,
                "classes": list(a.classes),
                "bin_width": a.bin_width,
                "max_value": a.max_value,
                "version": a.version,
            }
            for a in self.axes
        ]


NO_CONSTRAINTS = ConstraintCube()
