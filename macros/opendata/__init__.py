"""Open data: every public report's numbers as CSV, JSON, Excel and a Frictionless data package."""
