"""Students and teachers: the people schools and enterprises register."""
