"""An action plan as a list to take to a partners' meeting: one module per format."""
