CREATE ROLE regress_public_owner;
