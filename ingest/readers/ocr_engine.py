"""The boundary with RapidOCR: text-line detection, line recognition with per-character
alternatives, and the 0/180° direction classifier, on the PP-OCR models the
`rapidocr-onnxruntime` wheel ships (nothing is downloaded).

Recognition is run here rather than through RapidOCR's own call, so the CTC output can be read
twice: once over the whole alphabet, once over the characters a table value may hold (digits,
"." "," "/" "-" "—"), and so every character keeps the recognizer's other candidates with their
probabilities. The engine is built once per process; a process that is one of several parser
workers uses one thread, a process parsing alone uses every core.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from functools import cache
from typing import Any

import cv2
import numpy as np

from ingest.errors import UnreadableFileError
from ingest.readers.ocr_types import CharChoice, LineReading

REC_HEIGHT = 48  # the recognition model's input height
_VALUE_CHARS = "0123456789.,/-—"
ALTERNATIVE_FLOOR = 0.02  # a character's other candidates below this probability are dropped
# A recognition batch holds about this many input columns (48 px high). Small batches stay in
# the CPU's cache and waste little on padding to their widest crop (measured 2026-12-04 on two
# scans' 690 crops: 1,000 columns about 1.4x faster than 7,680, one label read differently).
_BATCH_COLUMNS = 1000
_MIN_WIDTH = REC_HEIGHT * 2  # a crop narrower than this is padded (a lone "0" reads surer)
# A crop wider than _LONG columns at 48 px high (a label or a line of prose, never a table
# value) is squeezed to _SQUEEZE of its width: the recognizer was trained on lines squeezed
# to fit its input (measured on the same crops: value readings unchanged, a few labels differ
# by a punctuation mark), in about 30% fewer columns.
_LONG = REC_HEIGHT * 4
_SQUEEZE = 0.7


class OcrEngine:
    """RapidOCR's three models, with recognition decoded here."""

    def __init__(self, threads: int) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:  # the Makefile installs it (pip install --no-deps)
            raise UnreadableFileError(
                "rapidocr-onnxruntime",
                "is not installed; OCR of scans and images needs it "
                "(`pip install --no-deps rapidocr-onnxruntime`, see the Makefile)",
            ) from exc
        self.rapid = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
        self.characters: list[str] = list(self.rapid.text_rec.postprocess_op.character)
        index = {c: i for i, c in enumerate(self.characters)}
        self.value_ids = np.array([0, *(index[c] for c in _VALUE_CHARS if c in index)])

    def detect(self, image: np.ndarray) -> list[np.ndarray]:
        """Text-line quadrilaterals (4x2 points, pixels) of a BGR image, top to bottom."""
        boxes, _ = self.rapid.text_det(image)
        if boxes is None or len(boxes) == 0:
            return []
        return list(self.rapid.sorted_boxes(boxes))

    def upside_down(self, crops: Sequence[np.ndarray]) -> list[bool]:
        """For each line crop, whether the direction classifier reads it as turned 180°."""
        if not crops:
            return []
        _, results, _ = self.rapid.text_cls(list(crops))
        threshold = self.rapid.text_cls.cls_thresh
        return [label == "180" and score > threshold for label, score in results]

    def recognize(self, crops: Sequence[np.ndarray]) -> list[tuple[LineReading, LineReading]]:
        """Each crop read twice from one inference: over the whole alphabet, and over the
        characters of a table value only."""
        widths = [_input_width(c) for c in crops]
        order = sorted(range(len(crops)), key=widths.__getitem__)
        out: list[tuple[LineReading, LineReading] | None] = [None] * len(crops)
        start = 0
        while start < len(order):
            stop = start + 1
            widest = max(_MIN_WIDTH, widths[order[start]])
            while stop < len(order):
                width = max(widest, widths[order[stop]])
                if width * (stop + 1 - start) > _BATCH_COLUMNS:
                    break
                widest, stop = width, stop + 1
            batch = np.stack([_normalized(crops[i], widths[i], widest) for i in order[start:stop]])
            preds = self.rapid.text_rec.session(batch)[0]
            for k, i in enumerate(order[start:stop]):
                out[i] = (self._decode(preds[k], None), self._decode(preds[k], self.value_ids))
            start = stop
        return [o for o in out if o is not None]

    def _decode(self, probs: np.ndarray, allowed: np.ndarray | None) -> LineReading:
        """Greedy CTC decoding; each emitted character keeps its competitors' probability at
        the step where it peaked. `allowed` restricts (and renormalizes) the alphabet."""
        if allowed is None:
            p, ids = probs, None
        else:
            p, ids = probs[:, allowed], allowed
            p = p / np.maximum(p.sum(axis=1, keepdims=True), 1e-9)
        best = p.argmax(axis=1).tolist()
        reading = LineReading()
        previous = 0
        span: list[int] = []
        for t, k in enumerate([*best, 0]):
            if k != previous and span:
                reading.chars.append(self._choice(p, ids, span, previous))
                span = []
            if k != 0:
                span.append(t)
            previous = k
        return reading

    def _choice(self, p: np.ndarray, ids: np.ndarray | None, span: list[int], k: int) -> CharChoice:
        step = max(span, key=lambda t: p[t, k])
        row = p[step]
        top = np.argpartition(-row, 4)[:4] if row.shape[0] > 4 else np.arange(row.shape[0])
        name = self.characters if ids is None else [self.characters[int(i)] for i in ids]
        others = sorted(
            ((name[int(j)], float(row[j])) for j in top.tolist()
             if j not in (0, k) and row[j] >= ALTERNATIVE_FLOOR),
            key=lambda o: -o[1],
        )  # fmt: skip
        return CharChoice(name[k], float(row[k]), tuple(others))


def _input_width(crop: np.ndarray) -> int:
    """The crop's width in the recognizer's input: scaled to 48 px high, a long line squeezed."""
    h, w = crop.shape[:2]
    natural = int(np.ceil(REC_HEIGHT * w / max(h, 1)))
    if natural > _LONG:
        natural = max(_LONG, int(np.ceil(natural * _SQUEEZE)))
    return max(1, min(REC_HEIGHT * 60, natural))


def _normalized(crop: np.ndarray, resized_w: int, width: int) -> np.ndarray:
    """A crop as the recognizer's input: 48 px high, `resized_w` wide, scaled to [-1, 1],
    right-padded to `width`."""
    image = cv2.resize(crop, (min(width, resized_w), REC_HEIGHT)).astype(np.float32)
    image = (image.transpose((2, 0, 1)) / 255.0 - 0.5) / 0.5
    out = np.zeros((3, REC_HEIGHT, width), dtype=np.float32)
    out[:, :, : image.shape[2]] = image
    return out


def _threads() -> int:
    """One thread in a parser worker (the pool keeps the cores busy), else all of them."""
    if multiprocessing.parent_process() is not None:
        return 1
    return max(1, len(os.sched_getaffinity(0)))


@cache
def engine() -> OcrEngine:
    """The process's OCR engine, loaded on first use (about a second)."""
    return OcrEngine(_threads())


def engine_info() -> dict[str, Any]:
    """What the engine is, for benchmarks and messages."""
    import rapidocr_onnxruntime

    return {
        "engine": "rapidocr-onnxruntime",
        "path": os.path.dirname(rapidocr_onnxruntime.__file__),
    }
