-- From pgschema issue 414: a view over a column the same plan adds.
CREATE TABLE foo (id bigint PRIMARY KEY);
