CREATE TABLE shelves (site int, code text, PRIMARY KEY (site, code));
CREATE TABLE books (
    id int PRIMARY KEY,
    site int NOT NULL,
    shelf text DEFAULT 'returns',
    CONSTRAINT books_shelf_fkey FOREIGN KEY (site, shelf) REFERENCES shelves (site, code)
        ON UPDATE CASCADE ON DELETE SET DEFAULT (shelf) DEFERRABLE INITIALLY DEFERRED
);
