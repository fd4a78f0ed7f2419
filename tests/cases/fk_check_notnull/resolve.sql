-- fk_check_notnull: the operator's fixes before migrating.
INSERT INTO authors VALUES (3, 'Cy'), (4, 'Di');
UPDATE books SET publisher_id = 20 WHERE publisher_id = 30;
INSERT INTO categories VALUES (200, 'C200');
UPDATE books SET category_id = NULL WHERE category_id = 300;
INSERT INTO series_parts VALUES (1, 9);
UPDATE books SET series_no = NULL WHERE (series_id, series_no) = (2, 1);
UPDATE books SET pages = 1 WHERE pages <= 0;
UPDATE books SET title = '(untitled)' WHERE title IS NULL;
