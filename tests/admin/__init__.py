"""Tests of the admin app."""
