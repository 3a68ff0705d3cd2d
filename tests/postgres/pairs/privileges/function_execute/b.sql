CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE sql AS 'SELECT i + 1';
GRANT EXECUTE ON FUNCTION add_one(int) TO priv_app;
