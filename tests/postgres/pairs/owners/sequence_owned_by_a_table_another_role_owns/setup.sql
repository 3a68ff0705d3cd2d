CREATE ROLE own_serials;
