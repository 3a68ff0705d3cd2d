-- A DEFAULT hash class for a domain in another schema, over an operator and function of that schema.
CREATE SCHEMA app;
