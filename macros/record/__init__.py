"""The publication record: status fields, the lock file, history, and publish / correct / withdraw."""
