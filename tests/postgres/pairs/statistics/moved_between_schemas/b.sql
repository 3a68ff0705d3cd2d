-- A statistics object moves by ALTER STATISTICS ... SET SCHEMA; one whose columns change as well is re-created
-- in its new schema. Comments and targets go along.
CREATE SCHEMA s1;
CREATE SCHEMA s2;
CREATE TABLE s1.t (a integer, b integer, c text);
CREATE STATISTICS s2.st_ab ON a, b FROM s1.t;
CREATE STATISTICS s1.st_bc ON b, c FROM s1.t;
CREATE STATISTICS s1.st_ac (ndistinct, mcv) ON a, c FROM s1.t;
COMMENT ON STATISTICS s1.st_bc IS 'b and c';
ALTER STATISTICS s1.st_ac SET STATISTICS 200;
INSERT INTO s1.t VALUES (1, 2, 'x');
