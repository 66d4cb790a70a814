"""The recommendation book: co-built resources, R&D, outputs, and every yearly figure."""
