"""Benchmarks (patentnav bench ...): commands that print measured figures. Not product code."""
