"""Tooling: synthetic/demo corpus generators, NLP dictionary build and model training. Not product code."""
