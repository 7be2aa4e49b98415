"""A comparison of practices laid out, one module per format."""
