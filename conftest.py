"""Shared pytest fixtures for core, expert and backend tests (see tests/harness.py)."""

pytest_plugins = ["tests.harness", "nrwbot.testing"]
