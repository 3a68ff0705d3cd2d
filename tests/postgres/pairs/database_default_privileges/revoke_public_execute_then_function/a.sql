-- Built-in defaults: PUBLIC may run every new function.
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql RETURN 42;
