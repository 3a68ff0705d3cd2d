CREATE ROLE opclass_owner;
