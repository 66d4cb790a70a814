"""The pure matcher: scoring candidate–position pairs with reasons and allocating within capacities. No Flask or database import."""
