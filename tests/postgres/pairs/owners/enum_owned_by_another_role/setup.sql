CREATE ROLE enum_owner_role;
