"""Versioned data the program reads: rate tables, catalog, clause templates, fonts."""
