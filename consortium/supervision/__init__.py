"""Internship supervision: supervisors and mentors, logs, check-ins, evaluations, incidents, messages.

Sits after `jobs` and `people` in the feature order (members < auth < people < jobs < supervision <
matching …): it reads placements, positions, students and teachers and imports nothing to its right.
"""
