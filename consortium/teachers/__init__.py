"""Teacher exchange: part-time teaching, teacher practice and 双师型 evidence."""
