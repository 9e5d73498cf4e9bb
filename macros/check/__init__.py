"""Reading and checking: strict loading with lines, the rules, page checks, the whole project, findings."""
