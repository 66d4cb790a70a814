"""Positions, applications, placements and joint programmes."""
