-- The tables the tests need, in SQLite. `cscart_orders` has the store contract's columns (the
-- Store module owns the real schema); the rest is the SQLite form of the add-on's install
-- queries in addon.xml, as the MySQL translator gives them.
CREATE TABLE cscart_orders (
    order_id INTEGER PRIMARY KEY, is_parent_order TEXT NOT NULL DEFAULT 'N', parent_order_id INTEGER NOT NULL DEFAULT 0,
    company_id INTEGER NOT NULL DEFAULT 0, user_id INTEGER NOT NULL DEFAULT 0, total REAL NOT NULL DEFAULT 0,
    subtotal REAL NOT NULL DEFAULT 0, discount REAL NOT NULL DEFAULT 0, shipping_cost REAL NOT NULL DEFAULT 0,
    timestamp INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'O', notes TEXT NOT NULL DEFAULT '',
    firstname TEXT NOT NULL DEFAULT '', lastname TEXT NOT NULL DEFAULT '', company TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
    b_firstname TEXT NOT NULL DEFAULT '', b_lastname TEXT NOT NULL DEFAULT '', b_address TEXT NOT NULL DEFAULT '',
    b_city TEXT NOT NULL DEFAULT '', b_state TEXT NOT NULL DEFAULT '', b_country TEXT NOT NULL DEFAULT '',
    b_zipcode TEXT NOT NULL DEFAULT '', b_phone TEXT NOT NULL DEFAULT '',
    s_firstname TEXT NOT NULL DEFAULT '', s_lastname TEXT NOT NULL DEFAULT '', s_address TEXT NOT NULL DEFAULT '',
    s_city TEXT NOT NULL DEFAULT '', s_state TEXT NOT NULL DEFAULT '', s_country TEXT NOT NULL DEFAULT '',
    s_zipcode TEXT NOT NULL DEFAULT '', s_phone TEXT NOT NULL DEFAULT '', s_address_type TEXT NOT NULL DEFAULT '',
    payment_id INTEGER NOT NULL DEFAULT 0, lang_code TEXT NOT NULL DEFAULT 'en', storefront_id INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cscart_orders_user_id ON cscart_orders (user_id);
CREATE INDEX cscart_orders_status ON cscart_orders (status);
CREATE INDEX cscart_orders_timestamp ON cscart_orders (timestamp);
CREATE INDEX cscart_orders_email ON cscart_orders (email);

-- The add-on's row: its install time is part of a check's request id.
CREATE TABLE cscart_addons (addon TEXT PRIMARY KEY, install_datetime INTEGER NOT NULL DEFAULT 0);
INSERT INTO cscart_addons VALUES ('customer_reliability', 1714500000);

CREATE TABLE IF NOT EXISTS cscart_customer_reliability_checks (
    check_id INTEGER PRIMARY KEY AUTOINCREMENT,
    phone TEXT COLLATE NOCASE NOT NULL DEFAULT '',
    user_id INTEGER NOT NULL DEFAULT 0,
    order_id INTEGER NOT NULL DEFAULT 0,
    status TEXT COLLATE NOCASE NOT NULL DEFAULT '',
    is_free TEXT COLLATE NOCASE NOT NULL DEFAULT 'N',
    balance REAL DEFAULT NULL,
    request_id TEXT COLLATE NOCASE NOT NULL DEFAULT '',
    checked_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cscart_customer_reliability_checks_phone_checked_at ON cscart_customer_reliability_checks (phone, checked_at);
CREATE INDEX cscart_customer_reliability_checks_user_id ON cscart_customer_reliability_checks (user_id);
CREATE INDEX cscart_customer_reliability_checks_order_id ON cscart_customer_reliability_checks (order_id);
CREATE INDEX cscart_customer_reliability_orders_phone ON cscart_orders ((REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(COALESCE(NULLIF(TRIM(phone),''),NULLIF(TRIM(b_phone),''),TRIM(s_phone)),' ',''),'-',''),'(',''),')',''),'+','')));
CREATE INDEX cscart_customer_reliability_orders_email ON cscart_orders ((LOWER(email)));
CREATE INDEX cscart_customer_reliability_orders_user ON cscart_orders (user_id, is_parent_order, status, total);
