"""Training the CRF tagger that ``khabar.entities`` ships (``khabar train ner``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from khabar.entities.features import Featurizer
from khabar.train.conll import TaggedSentence

# L1 keeps the model small (most of the millions of candidate features get weight 0);
# L2 smooths the rest. Chosen on the dev split (docs/ner.md).
C1 = 0.05
C2 = 0.01
MAX_ITERATIONS = 200
MIN_FEATURE_FREQ = 1
# Sentences from another corpus (WikiFANE) carry each attribute twice: as is, and with
# this prefix, a copy of their own. The copies absorb what that corpus does differently
# (its annotation conventions, its encyclopaedic style), the shared weights learn what
# the corpora agree on; the copies never occur in news, so the export drops them
# (Daumé III, "Frustratingly Easy Domain Adaptation", ACL 2007).
OTHER_DOMAIN = "~"


def train(
    sentences: Sequence[TaggedSentence],
    out: str | Path,
    *,
    other_domain: Sequence[TaggedSentence] = (),
    c1: float = C1,
    c2: float = C2,
    max_iterations: int = MAX_ITERATIONS,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Fit a CRF on ``sentences`` (and ``other_domain``'s, see ``OTHER_DOMAIN``) and
    write it to ``out``.

    ``progress`` is called with each finished iteration's number.
    """
    try:
        import pycrfsuite
    except ImportError as err:  # pragma: no cover - a dependency, normally present
        raise RuntimeError("python-crfsuite is missing; pip install python-crfsuite") from err

    class _Trainer(pycrfsuite.Trainer):
        """crfsuite reports progress only when verbose; keep its log quiet but the hook."""

        def on_iteration(self, log, info):
            if progress:
                progress(int(info.get("num", 0)))

        def on_start(self, log):
            pass

        def on_featgen_progress(self, log, percent):
            pass

        def on_featgen_end(self, log):
            pass

        def on_prepared(self, log):
            pass

        def on_optimization_end(self, log):
            pass

        def on_end(self, log):
            pass

    featurizer = Featurizer()
    trainer = _Trainer(verbose=True)
    for s in sentences:
        trainer.append(featurizer.sentence(s.words), list(s.tags))
    for s in other_domain:
        items = featurizer.sentence(s.words)
        trainer.append([a | {OTHER_DOMAIN + k: v for k, v in a.items()} for a in items], list(s.tags))
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.minfreq": MIN_FEATURE_FREQ,
            "feature.possible_transitions": True,
        }
    )
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def export(crfsuite_path: str | Path, out: str | Path) -> None:
    """The runtime model (``.npz``) from crfsuite's file; see ``khabar.entities.tagger``."""
    from khabar.entities.tagger import export_crfsuite

    export_crfsuite(crfsuite_path, out, drop_prefix=OTHER_DOMAIN)
