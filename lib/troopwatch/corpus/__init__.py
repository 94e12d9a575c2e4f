"""Reading the articles: metadata, cleaning, segmentation, the Corpus, the timeline of events.

The first stage of the data flow; it imports nothing from the later stages.
"""
