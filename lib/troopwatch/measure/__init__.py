"""Measurement: sentiment, the calibrated model, evaluation against gold data, intervals.

The third stage: may import troopwatch.corpus and troopwatch.extract.
"""
