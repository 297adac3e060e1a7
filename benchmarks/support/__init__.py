"""Helpers and the benchmark-only plugin used by the benchmark scripts."""
