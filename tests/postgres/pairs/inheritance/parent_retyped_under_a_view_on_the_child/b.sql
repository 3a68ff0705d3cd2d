CREATE TABLE base (amount numeric(14,4));
CREATE TABLE child () INHERITS (base);
CREATE VIEW child_amounts AS SELECT amount FROM child;
