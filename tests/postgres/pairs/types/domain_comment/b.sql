CREATE DOMAIN email AS text;
COMMENT ON DOMAIN email IS 'an e-mail address';
