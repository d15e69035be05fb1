"""Benchmarks (issue #5): not tests. ``make bench`` runs ``bench/run.py``."""
