CREATE TABLE test (id int, text text);
CREATE STATISTICS s1 ON id, text FROM test;
CREATE STATISTICS s2 (ndistinct) ON id, text FROM test;
ALTER STATISTICS s1 OWNER TO own_alice;
