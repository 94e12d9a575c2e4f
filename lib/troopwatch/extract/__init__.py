"""Extractors: troop figures, sources (attributions) and frames, each a pure function of text.

The second stage: imports only troopwatch.corpus and the foundation modules.
"""
