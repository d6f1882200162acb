"""analyzer: finds the promises and the hidden engineering work in sales-call transcripts."""

__version__ = "0.1.0"
