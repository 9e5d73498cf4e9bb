"""Overviews across organs and years: what the public reads side by side.

Key figures and ratios, the home matrix, organ and year pages, charts, and the
合计 of a covering organ's children (hierarchy.py). Everything here is computed
once from the checked project and written by ``python -m macros prepare`` (or
one page macro of the home page); only the public reports feed any figure.
"""
