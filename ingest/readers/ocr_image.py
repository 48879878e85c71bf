"""Page images before OCR: decoding, ink (stamps removed), straightening, and quality checks.

A scan reaches OCR as a colour image. Its ink is the darkest channel's complement: a red or
blue seal over a table is bright in its own channel, so taking each pixel's brightest channel
leaves the black print and drops the seal. A page scanned a few degrees askew is straightened
by the angle at which its rows of ink line up best (the projection profile is sharpest); a page
turned by 90° or 180° is turned back by the shape of its text lines and the direction
classifier (ocr_page). A page too small to read is reported, not guessed at.
"""

from __future__ import annotations

import cv2
import numpy as np

MAX_SKEW = 4.0  # degrees searched either way
_COARSE_STEP = 0.25
_FINE_STEP = 0.05
_PROFILE_WIDTH = 1000  # pixels: the skew search works on a copy this wide
MIN_TEXT_PX = 10  # median text-line height below which a page is too coarse to read
BLANK_INK = 0.002  # share of dark pixels below which a page is blank


def decode_image(data: bytes) -> list[np.ndarray]:
    """The pages of a PNG, JPEG or (multi-page) TIFF as BGR arrays; empty if undecodable."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    ok, pages = cv2.imdecodemulti(buffer, cv2.IMREAD_COLOR)
    if ok and pages:
        return [_bgr(p) for p in pages]
    single = cv2.imdecode(buffer, cv2.IMREAD_COLOR)
    return [] if single is None else [single]


def _bgr(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    return image[:, :, :3] if image.shape[2] == 4 else image


def ink_gray(bgr: np.ndarray) -> np.ndarray:
    """Grey levels of the print alone: each pixel's brightest channel (a coloured seal goes
    light, black and grey print stays dark)."""
    b, g, r = cv2.split(bgr)
    return cv2.max(cv2.max(b, g), r)  # numpy's max over axis 2: 6x slower


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 255, paper as 0 (Otsu's threshold over the page)."""
    _, out = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return out


def ink_share(binary: np.ndarray) -> float:
    return float(np.count_nonzero(binary)) / max(binary.size, 1)


def _profile_score(ys: np.ndarray, xs: np.ndarray, degrees: float) -> float:
    a = np.deg2rad(degrees)
    projected = (ys * np.cos(a) - xs * np.sin(a)).astype(np.int32)
    counts = np.bincount(projected - projected.min())
    return float(np.dot(counts, counts))


def skew_angle(binary: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise positive) by which the page's lines are tilted:
    where the row profile of its ink is sharpest, searched coarse then fine."""
    scale = min(1.0, _PROFILE_WIDTH / binary.shape[1])
    small = cv2.resize(binary, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(small > 127)
    if len(ys) < 50:
        return 0.0
    if len(ys) > 60000:
        pick = np.random.default_rng(0).choice(len(ys), 60000, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys, xs = ys.astype(np.float64), xs.astype(np.float64)
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, _COARSE_STEP)
    best = max(coarse, key=lambda d: _profile_score(ys, xs, d))
    fine = np.arange(best - _COARSE_STEP, best + _COARSE_STEP + 1e-9, _FINE_STEP)
    return -float(max(fine, key=lambda d: _profile_score(ys, xs, d)))


def rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    """The image turned by `degrees` (counter-clockwise), same size, paper-white corners."""
    if abs(degrees) < 1e-6:
        return image
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    white = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=white)


def quarter_turn(image: np.ndarray, turns: int) -> np.ndarray:
    """The image turned by `turns` quarter turns clockwise."""
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return image if turns % 4 == 0 else cv2.rotate(image, codes[turns % 4])


def straighten(bgr: np.ndarray) -> tuple[np.ndarray, float]:
    """The page deskewed, and the angle it was turned by."""
    angle = skew_angle(binarize(ink_gray(bgr)))
    return rotate(bgr, -angle) if abs(angle) >= _FINE_STEP else bgr, angle
