CREATE TABLE foobar();
