CREATE DOMAIN rating AS integer;
