-- Database-wide hardening: new functions are not PUBLIC's; one created after it (by the plan) too.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql RETURN 42;
CREATE FUNCTION question() RETURNS text LANGUAGE sql RETURN 'why';
