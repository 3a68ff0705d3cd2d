-- NO INHERIT makes the checks the child had from its parent its own: kept where declared, dropped where not.
CREATE TABLE base (n int CHECK (n > 0), m int NOT NULL, CONSTRAINT m_small CHECK (m < 100));
CREATE TABLE child (n int, m int NOT NULL, extra text, CONSTRAINT m_small CHECK (m < 100));
CREATE TABLE child2 (n int, m int, extra text);
