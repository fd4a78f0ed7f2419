CREATE TABLE sales (id integer PRIMARY KEY, amount integer NOT NULL, sold_on date NOT NULL);
CREATE VIEW c_clean AS SELECT id, amount, sold_on FROM sales WHERE amount > 0;
CREATE VIEW b_monthly AS SELECT date_trunc('month', sold_on) AS month, sum(amount) AS total FROM c_clean GROUP BY 1;
CREATE VIEW a_report AS SELECT month, total FROM b_monthly WHERE total > 1;
