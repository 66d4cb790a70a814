"""Training and certification: sessions, rosters, certificates, enterprise training requests, the plan."""
