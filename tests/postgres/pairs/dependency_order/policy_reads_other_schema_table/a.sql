-- From pg-schema-diff issue 265: a policy reading a table of another schema, both new.
CREATE SCHEMA appstore;
