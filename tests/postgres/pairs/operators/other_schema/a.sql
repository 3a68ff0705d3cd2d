CREATE SCHEMA util; CREATE SCHEMA ops; CREATE FUNCTION util.ci_eq(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT lower($1) = lower($2)';
