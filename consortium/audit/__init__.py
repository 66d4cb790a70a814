"""The audit log: who did what, to which record, from where, and with what outcome. Append-only for the
application; searched and exported by the secretariat (its consortium) and the province admin (all)."""
