"""nlp package."""
