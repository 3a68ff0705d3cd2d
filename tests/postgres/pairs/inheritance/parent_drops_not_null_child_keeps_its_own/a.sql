-- Pyrseas#33, pgmodeler#585 (reversed): the parent drops NOT NULL, which recurses; the child keeps its own
CREATE TABLE base (v int NOT NULL);
CREATE TABLE c () INHERITS (base);
