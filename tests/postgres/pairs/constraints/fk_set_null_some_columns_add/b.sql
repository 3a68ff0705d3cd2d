-- PostgreSQL 15 docs, 5.4.5: deleting a user sets only author_id to NULL; tenant_id is part of the
-- key and must keep its value.
CREATE TABLE tenants (tenant_id int, id int, PRIMARY KEY (tenant_id, id));
CREATE TABLE users (
    tenant_id int NOT NULL,
    id int NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE TABLE posts (
    tenant_id int NOT NULL,
    id int NOT NULL,
    author_id int,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, author_id) REFERENCES users ON DELETE SET NULL (author_id)
);
