-- From pgschema issue 307: a view over a view whose name sorts after it.
CREATE TABLE membership (id int PRIMARY KEY, item_id int);
CREATE TABLE item (id int PRIMARY KEY, title text);
