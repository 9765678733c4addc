"""A camera stand-in that plays back frames (generated cards: no camera in CI)."""

from __future__ import annotations


class RecordedFrames:
    """Frames played back in order, then the end of the stream, like cv2.VideoCapture."""

    def __init__(self, frames):
        self.frames = list(frames)

    def read(self):
        return (True, self.frames.pop(0)) if self.frames else (False, None)
