"""The result file, defined once: its record, a fast reader, identity, store, history and diff."""
