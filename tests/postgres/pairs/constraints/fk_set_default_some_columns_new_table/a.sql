CREATE TABLE shelves (site int, code text, PRIMARY KEY (site, code));
