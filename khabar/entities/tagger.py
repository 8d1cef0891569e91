"""The statistical tagger: a CRF over ``features.Featurizer`` attributes, loaded once.

Tags follow ANERcorp (B/I-PERS, ORG, LOC, MISC); ``khabar.entities`` maps them onto
khabar's types.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Sequence

from khabar.entities.features import Featurizer

MODEL_NAME = "ner.crfsuite"


class ModelMissingError(RuntimeError):
    pass


def default_model_path() -> Path:
    return Path(str(resources.files("khabar.data").joinpath("models", MODEL_NAME)))


class Tagger:
    """A CRF model file with its featurizer; ``tag`` one sentence of words at a time."""

    def __init__(self, path: str | Path):
        import pycrfsuite

        path = Path(path)
        if not path.exists():
            raise ModelMissingError(
                f"no NER model at {path}; run 'khabar train ner --conll "
                f"../shared/data/anercorp/ANERCorp_CamelLab_train.txt --out {path}'"
            )
        self.path = path
        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(path))
        self._featurizer = Featurizer()
        self._lock = threading.Lock()  # a crfsuite Tagger is not safe to share across threads

    def tag(self, words: Sequence[str]) -> list[str]:
        if not words:
            return []
        feats = self._featurizer.sentence(words)
        with self._lock:
            return self._crf.tag(feats)


@cache
def default_tagger() -> Tagger:
    """The shipped model, loaded on first use."""
    return Tagger(default_model_path())
