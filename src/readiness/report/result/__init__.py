"""One practice's score report laid out, one module per format."""
