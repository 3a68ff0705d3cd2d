-- From pg-schema-diff pull request 285: a view calling a function that returns another view's row type.
CREATE TABLE accounts (id int PRIMARY KEY, name text, active boolean);
