"""A corpus of bad (and a few good) inputs, run through the command line by ``tests/test_corpus.py``."""
