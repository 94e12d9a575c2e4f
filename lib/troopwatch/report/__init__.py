"""Reports: notebook parameter checks, plots, exports, narrative sentences, the batch runner, the bench.

The last stage: may import every earlier stage; nothing imports it.
"""
