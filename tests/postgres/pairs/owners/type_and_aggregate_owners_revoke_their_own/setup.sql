CREATE ROLE own_types;
