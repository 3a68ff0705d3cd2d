-- CREATE TYPE ... AS RANGE makes the cast from the range to its multirange itself: it is the type's, never a
-- declared cast, while a cast a user makes over the range is.
CREATE TYPE floatrange AS RANGE (SUBTYPE = double precision);
