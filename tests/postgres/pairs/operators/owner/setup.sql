CREATE ROLE op_owner;
