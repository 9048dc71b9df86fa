"""Enrichers: pure `Article -> Article` stages that derive the fact box and the source notes."""

from publish.enrich.attributions import add_source_notes
from publish.enrich.figures import add_key_figures

__all__ = ["add_key_figures", "add_source_notes"]
