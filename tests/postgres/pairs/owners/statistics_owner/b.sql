-- pgcodekeeper's chg_owner: an extended statistics object has an owner of its own (ALTER STATISTICS ... OWNER TO).
CREATE TABLE test (id int, text text);
CREATE STATISTICS s1 ON id, text FROM test;
CREATE STATISTICS s2 (ndistinct) ON id, text FROM test;
ALTER STATISTICS s1 OWNER TO own_bob;
ALTER STATISTICS s2 OWNER TO own_alice;
