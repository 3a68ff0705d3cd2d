CREATE DOMAIN ctext AS text COLLATE "C";
CREATE TABLE words (w ctext);
