CREATE TYPE mood AS ENUM ('happy', 'meh');
