CREATE TABLE base (n int CHECK (n > 0), m int NOT NULL, CONSTRAINT m_small CHECK (m < 100));
CREATE TABLE child (extra text) INHERITS (base);
CREATE TABLE child2 (extra text) INHERITS (base);
