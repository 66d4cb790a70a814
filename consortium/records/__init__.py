"""Records the book counts that no other feature keeps: co-built resources, R&D projects, research outputs and talent-demand reports."""
