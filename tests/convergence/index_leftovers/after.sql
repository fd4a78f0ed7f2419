CREATE TABLE carts (
    id integer PRIMARY KEY,
    user_id integer NOT NULL,
    coupon text,
    note text
);
CREATE INDEX carts_coupon_user_idx ON carts (coupon, user_id);
