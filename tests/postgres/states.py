"""Small state-file bodies several PostgreSQL test modules start from (YAML below the `database:` line)."""

ITEMS = """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
          name: varchar(50)
"""
