"""Demo data: a realistic consortium in Zhengzhou, for trying the platform out."""
