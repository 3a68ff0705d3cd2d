-- Pyrseas#33, apgdiff#71 (a helper's variation): a grandchild's own default on a column the top parent gains
CREATE TABLE p (x int);
CREATE TABLE m () INHERITS (p);
CREATE TABLE c () INHERITS (m);
