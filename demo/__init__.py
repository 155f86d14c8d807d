"""Demo data for development and trying out every screen; see `flask seed-demo`.

Tests use it too: make_world(now) gives a realistic municipality to start from.
"""

from .reference import World, load_world, make_world, seed_reference_data
from .seed import seed_demo_initiatives

__all__ = ["World", "load_world", "make_world", "seed_demo_initiatives", "seed_reference_data"]
