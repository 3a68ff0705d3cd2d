-- Pyrseas#33, apgdiff#71 (a helper's variation): a child's own comment and NOT NULL on a column its parent gains
CREATE TABLE p (x int);
CREATE TABLE c () INHERITS (p);
