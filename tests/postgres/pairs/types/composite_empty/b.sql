CREATE TYPE nothing AS ();
