"""Test support: a toy plugin and framework independent of the first-party plugins."""
