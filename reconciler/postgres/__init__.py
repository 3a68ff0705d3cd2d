"""PostgreSQL backend: spec (file format) -> materialize/normalize -> inspect -> diff -> ddl -> execute."""
