CREATE TABLE documents (id bigint PRIMARY KEY, body text, tags text[], score numeric, kind char(1));
