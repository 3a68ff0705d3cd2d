"""The file format of state/postgres/<database>.yaml.

These models describe what a person writes, in the spellings a person uses
(`varchar(255)`, `serial`, `now()`, column-level `unique: true`). They are
strict: an unknown key is an error. They are not compared with the live
database directly: `materialize` turns them into DDL, PostgreSQL normalizes
it inside a rolled-back transaction, and the inspector reads the result into
the same `model.Database` type the live side uses.
"""
