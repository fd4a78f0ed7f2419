-- extension_created_at_version: the target adds an extension at a named version that
-- is not its server's default (seg 1.3, default 1.4) and a column of its type; the
-- plan creates it at that version (CREATE EXTENSION ... VERSION), before the column.
CREATE TABLE public.samples (id integer PRIMARY KEY, label text NOT NULL);
INSERT INTO public.samples VALUES (1, 'a'), (2, 'b');
