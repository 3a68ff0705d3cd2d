CREATE SCHEMA i18n; CREATE COLLATION i18n.sv (provider = icu, locale = 'sv'); CREATE TABLE i18n.words (w text COLLATE i18n.sv);
