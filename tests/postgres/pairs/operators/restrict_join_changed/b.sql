CREATE FUNCTION ci_eq(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT lower($1) = lower($2)'; CREATE OPERATOR =~= (FUNCTION = ci_eq, LEFTARG = text, RIGHTARG = text, RESTRICT = neqsel);
