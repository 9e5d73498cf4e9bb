"""What editors start from: the blank report (scaffold), the JSON Schemas, the data-file writer."""
