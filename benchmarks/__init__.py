"""Benchmarks of DESIGN §8: ``python -m benchmarks`` runs them all (see ``run_all.py``)."""
