"""Tests of the records the book counts: resources, R&D projects, research outputs, demand reports."""
