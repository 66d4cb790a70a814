"""Tests of supply meets demand."""
