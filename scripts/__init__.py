"""Benchmarks, the demo log generator and evaluation, run from the repository root as `python -m scripts.NAME`."""
