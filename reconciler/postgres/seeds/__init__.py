"""Seed rows: declared data reconciled row by row, in the same transaction as the schema."""
