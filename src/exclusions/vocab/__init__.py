"""Canonical vocabularies: measures, school types, symbols, levels, characteristics, reasons."""
