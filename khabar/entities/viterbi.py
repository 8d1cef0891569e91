"""Exact Viterbi decoding of a batch of sentences, in numpy: shared by the CRF tagger and
the neural tagger, which both end in a linear-chain CRF."""

from __future__ import annotations

import numpy as np


def best_paths(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> list[list[int]]:
    """Best label paths of a batch, ``emissions`` shaped (batch, positions, labels),
    ``transitions[a, b]`` the score of label b after label a.

    The sequences are sorted longest first, so at each step the ones still running are a
    prefix of the batch and the step works on that prefix only; every step's scores are
    kept, so a path is traced back from its own last position. An article's sentences and
    a few labels make small arrays: the cost is the numpy calls per step, kept to four."""
    batch, steps, n_labels = emissions.shape
    order = np.argsort(-lengths, kind="stable")
    lengths = lengths[order]
    by_step = np.ascontiguousarray(emissions[order].transpose(1, 0, 2))
    running = (lengths[None, :] > np.arange(steps)[:, None]).sum(1).tolist()
    scores = np.empty((steps, batch, n_labels), dtype=by_step.dtype)
    back = np.empty((steps, batch, n_labels), dtype=np.intp)
    scores[0] = by_step[0]
    for t in range(1, steps):
        k = running[t]
        cand = scores[t - 1, :k, :, None] + transitions
        back[t, :k] = cand.argmax(1)
        np.add(cand.max(1), by_step[t, :k], out=scores[t, :k])
    last = scores[lengths - 1, np.arange(batch)].argmax(1).tolist()
    paths: list[list[int]] = [[] for _ in range(batch)]
    for b, n in enumerate(lengths.tolist()):
        label = last[b]
        path = [label] * n
        pointers = back[1:n, b].tolist()  # pointers[t - 1]: into position t
        for t in range(n - 1, 0, -1):
            label = pointers[t - 1][label]
            path[t - 1] = label
        paths[order[b]] = path
    return paths
