"""The national format (国办公开办函〔2021〕30号): its declaration, and the table headers derived from it."""
