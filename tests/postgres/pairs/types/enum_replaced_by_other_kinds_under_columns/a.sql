-- from pgadmin-org/pgadmin4#10304: an enum replaced by a type of another kind and the same name, a column on each
CREATE TYPE c AS ENUM ('lo');
CREATE TYPE d AS ENUM ('lo');
CREATE TYPE r AS ENUM ('lo');
CREATE TABLE u (kc c, kd d, kr r, keep int);
INSERT INTO u VALUES ('lo', 'lo', 'lo', 1);
