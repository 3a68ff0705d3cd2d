-- pg-schema-diff#280 with INHERITS (a helper's reduction): the parent's column retyped while a view reads it through the child
CREATE TABLE base (amount numeric(10,2));
CREATE TABLE child () INHERITS (base);
CREATE VIEW child_amounts AS SELECT amount FROM child;
