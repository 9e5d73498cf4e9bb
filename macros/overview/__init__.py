"""Overviews across organs and years: what the public reads side by side."""
