"""What a build keeps for the next one: signed, so that only this machine's own entries are used."""
