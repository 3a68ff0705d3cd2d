-- xml2's control file says relocatable = false: ALTER EXTENSION ... SET SCHEMA is refused, so the plan drops
-- it and creates it in the new schema (a destructive change).
CREATE SCHEMA xml_a;
CREATE EXTENSION xml2 SCHEMA xml_a;
