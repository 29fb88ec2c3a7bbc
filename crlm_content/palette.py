"""The one colour palette: Okabe-Ito, safe for the common colour-vision deficiencies."""

from __future__ import annotations

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
YELLOW = "#F0E442"
BLACK = "#000000"
GREY = "#6B6B6B"
GRID = "#E3E3E3"  # light grid lines and zero lines on white
WHITE = "#FFFFFF"  # backgrounds, and text on the dark bars

SEQUENCE: tuple[str, ...] = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK)
