"""Ratings: rate and clear, and import from desktop players."""
