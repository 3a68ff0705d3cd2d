CREATE TABLE users (tenant_id int, id int, PRIMARY KEY (tenant_id, id));
CREATE TABLE posts (
    id int PRIMARY KEY,
    tenant_id int,
    author_id int,
    CONSTRAINT posts_author_fkey FOREIGN KEY (tenant_id, author_id) REFERENCES users ON DELETE SET NULL (author_id)
);
