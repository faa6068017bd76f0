"""regterm: explore EU tech regulation from a terminal."""

__version__ = "0.1.0"
