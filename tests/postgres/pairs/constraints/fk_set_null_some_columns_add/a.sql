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
    PRIMARY KEY (tenant_id, id)
);
