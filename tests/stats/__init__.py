"""Tests of the recommendation-book figures, exports and pages."""
