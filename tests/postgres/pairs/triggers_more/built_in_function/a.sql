CREATE TABLE articles (
    id bigint PRIMARY KEY,
    title text NOT NULL,
    body text,
    search tsvector
);
