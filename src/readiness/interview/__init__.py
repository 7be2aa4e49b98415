"""The interview: prompt records, the engine, drafts, the start of an interview and the
terminal adapter (the only module here that imports questionary)."""
