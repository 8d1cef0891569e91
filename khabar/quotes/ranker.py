"""The speaker model: scores each candidate of a quote and picks the best.

An ensemble of small oblivious decision trees (every node of a level asks the same
question, as in CatBoost), so scoring all the candidates of a quote is a few numpy
operations: for each tree and level, compare one feature with one threshold; the bits
make the leaf's index. Trained by ``khabar train quotes`` (``quotes/train.py``), stored
in ``khabar/data/models/quote_speakers.npz`` with its feature names, so a model and the
code that builds its features cannot drift apart silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Protocol

import numpy as np

from khabar.quotes.candidates import FEATURES

MODEL_NAME = "quote_speakers.npz"


class SpeakerModel(Protocol):
    def choose(self, features: np.ndarray) -> int:
        """The row of the best candidate (row 0 is the rules' answer)."""
        ...


class ModelError(ValueError):
    """A model file that does not fit this version's features."""


@dataclass(frozen=True)
class TreeEnsemble:
    """``scores = bias + sum over trees of leaves[t, index]``, where bit ``l`` of ``index``
    says whether ``x[feature[t, l]] > threshold[t, l]``."""

    feature: np.ndarray  # (trees, depth) int
    threshold: np.ndarray  # (trees, depth) float32
    leaves: np.ndarray  # (trees, 2 ** depth) float32
    bias: float = 0.0
    about: str = ""

    def __post_init__(self) -> None:
        depth = self.feature.shape[1]
        object.__setattr__(self, "_powers", (1 << np.arange(depth)).astype(np.int64))
        object.__setattr__(self, "_rows", np.arange(self.feature.shape[0])[None, :])

    def scores(self, x: np.ndarray) -> np.ndarray:
        bits = x[:, self.feature] > self.threshold  # (n, trees, depth)
        index = bits @ self._powers  # type: ignore[attr-defined]
        return self.bias + self.leaves[self._rows, index].sum(axis=1)  # type: ignore[attr-defined]

    def choose(self, features: np.ndarray) -> int:
        if len(features) == 1:
            return 0
        return int(np.argmax(self.scores(features)))

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            about=np.array(self.about),
            features=np.array(FEATURES),
            feature=self.feature.astype(np.int16),
            threshold=self.threshold.astype(np.float32),
            leaves=self.leaves.astype(np.float32),
            bias=np.array(self.bias, dtype=np.float32),
        )

    @classmethod
    def load(cls, path: Path | str) -> TreeEnsemble:
        with np.load(path, allow_pickle=False) as z:
            names = tuple(str(n) for n in z["features"])
            if names != FEATURES:
                raise ModelError(
                    f"{path} was trained on other features than khabar.quotes.candidates.FEATURES; "
                    "retrain it with 'khabar train quotes'"
                )
            return cls(
                z["feature"].astype(np.int64),
                z["threshold"].astype(np.float32),
                z["leaves"].astype(np.float32),
                float(z["bias"]),
                str(z["about"]),
            )


def default_model_path() -> Path:
    return Path(str(resources.files("khabar.data").joinpath("models", MODEL_NAME)))


@cache
def default_model() -> TreeEnsemble | None:
    """The shipped model, or None when the package has none (the rules decide alone)."""
    path = default_model_path()
    return TreeEnsemble.load(path) if path.exists() else None
