"""Browser tests: the built site in Debian's Chromium, served on 127.0.0.1."""
