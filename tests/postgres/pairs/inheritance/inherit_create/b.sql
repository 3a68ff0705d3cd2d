CREATE TABLE entity (id bigserial, entity_type text NOT NULL, entity_id bigint NOT NULL);
CREATE TABLE entity_a (CONSTRAINT "entity_type must be A" CHECK (entity_type = 'A'), UNIQUE (entity_id, entity_type)) INHERITS (entity);
CREATE TABLE entity_b (extra text) INHERITS (entity);
