-- One overload's body changes (CREATE OR REPLACE of that one); the other is untouched.
CREATE PROCEDURE bump(n integer) LANGUAGE sql BEGIN ATOMIC SELECT n + 1; END;
CREATE PROCEDURE bump(n bigint) LANGUAGE sql BEGIN ATOMIC SELECT n + 1; END;
