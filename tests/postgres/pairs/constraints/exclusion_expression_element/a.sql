CREATE TABLE circles (c circle);
