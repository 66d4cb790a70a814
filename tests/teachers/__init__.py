"""Tests of the teacher exchange."""
