-- Other kinds re-create the statistics object, which the applying role then owns: its owner is given back.
CREATE TABLE test (id int, text text);
CREATE STATISTICS s1 (dependencies) ON id, text FROM test;
ALTER STATISTICS s1 OWNER TO own_alice;
