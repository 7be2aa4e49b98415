"""A practice's action plan: the steps it will take after an assessment, and their progress."""
