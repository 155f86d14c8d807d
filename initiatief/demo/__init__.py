"""Demo data for development and trying out every screen."""
