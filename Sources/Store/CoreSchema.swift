import SQLite

/// CS-Cart's tables (spec §2.8, MV4133 `install/database/scheme.sql`) in SQLite types, with the
/// `cscart_` prefix, plus the tables the order page reads (storefronts, users, orders, statuses).
///
/// Translation rules: integer types → INTEGER, char/varchar/text/set/enum → TEXT (enums keep
/// their values as a CHECK), decimal → REAL; MySQL's `NOT NULL DEFAULT ''` kept. Key columns
/// that MySQL compares case-insensitively (utf8_general_ci) are `COLLATE NOCASE`. AUTO_INCREMENT
/// is a plain `INTEGER PRIMARY KEY`, not `AUTOINCREMENT`: that would add `sqlite_sequence`, whose
/// counters survive a delete, and install → uninstall must leave the database as it was.
/// Index names are `<table>_<MySQL key name>` because SQLite index names are global.
enum CoreSchema {
    static let settingsTables = """
        CREATE TABLE cscart_addons (
            addon TEXT NOT NULL DEFAULT '' COLLATE NOCASE PRIMARY KEY,
            status TEXT NOT NULL DEFAULT 'A',
            version TEXT NOT NULL DEFAULT '',
            priority INTEGER NOT NULL DEFAULT 0,
            dependencies TEXT NOT NULL DEFAULT '',
            conflicts TEXT NOT NULL DEFAULT '',
            separate INTEGER NOT NULL DEFAULT 0,
            unmanaged INTEGER NOT NULL DEFAULT 0,
            has_icon INTEGER NOT NULL DEFAULT 0,
            install_datetime INTEGER NOT NULL DEFAULT 0,
            marketplace_id INTEGER NULL DEFAULT NULL,
            marketplace_license_key TEXT NULL DEFAULT NULL
        );
        CREATE INDEX cscart_addons_priority ON cscart_addons (priority);

        CREATE TABLE cscart_addon_descriptions (
            addon TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
            name TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            lang_code TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
            PRIMARY KEY (addon, lang_code)
        );

        CREATE TABLE cscart_addon_data (
            addon TEXT NOT NULL DEFAULT '' COLLATE NOCASE PRIMARY KEY,
            is_favorite TEXT NOT NULL DEFAULT 'N'
        );

        CREATE TABLE cscart_settings_sections (
            section_id INTEGER PRIMARY KEY,
            parent_id INTEGER NOT NULL DEFAULT 0,
            edition_type TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
            position INTEGER NOT NULL DEFAULT 0,
            type TEXT NOT NULL DEFAULT 'CORE' CHECK (type IN ('CORE', 'ADDON', 'TAB', 'SEPARATE_TAB'))
        );

        CREATE TABLE cscart_settings_objects (
            object_id INTEGER PRIMARY KEY,
            edition_type TEXT NOT NULL DEFAULT 'ROOT',
            name TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
            section_id INTEGER NOT NULL DEFAULT 0,
            section_tab_id INTEGER NOT NULL DEFAULT 0,
            type TEXT NOT NULL DEFAULT 'I',
            value TEXT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            is_global TEXT NOT NULL DEFAULT 'Y',
            handler TEXT NOT NULL DEFAULT '',
            parent_id INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX cscart_settings_objects_name ON cscart_settings_objects (name);
        CREATE INDEX cscart_settings_objects_is_global ON cscart_settings_objects (is_global);
        CREATE INDEX cscart_settings_objects_position ON cscart_settings_objects (position);
        CREATE INDEX cscart_settings_objects_section_id ON cscart_settings_objects (section_id, section_tab_id);

        CREATE TABLE cscart_settings_variants (
            variant_id INTEGER PRIMARY KEY,
            object_id INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE cscart_settings_descriptions (
            object_id INTEGER NOT NULL DEFAULT 0,
            object_type TEXT NOT NULL DEFAULT 'O' CHECK (object_type IN ('O', 'S', 'V')),
            lang_code TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
            value TEXT NULL,
            tooltip TEXT NULL,
            PRIMARY KEY (object_id, object_type, lang_code)
        );

        CREATE TABLE cscart_settings_vendor_values (
            object_id INTEGER NOT NULL DEFAULT 0,
            company_id INTEGER NOT NULL DEFAULT 0,
            storefront_id INTEGER NOT NULL DEFAULT 0,
            value TEXT NULL,
            PRIMARY KEY (object_id, company_id, storefront_id)
        );

        CREATE TABLE cscart_languages (
            lang_id INTEGER PRIMARY KEY,
            lang_code TEXT NOT NULL DEFAULT '' COLLATE NOCASE UNIQUE,
            name TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'D',
            country_code TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE cscart_language_values (
            lang_code TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
            name TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
            value TEXT NULL,
            PRIMARY KEY (lang_code, name)
        );

        CREATE TABLE cscart_original_values (
            msgctxt TEXT NOT NULL DEFAULT '' COLLATE NOCASE PRIMARY KEY,
            msgid TEXT NULL
        );
        """

    static let orderTables = """
        CREATE TABLE cscart_storefronts (
            storefront_id INTEGER PRIMARY KEY,
            url TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'Y',
            is_default TEXT NOT NULL DEFAULT 'N'
        );

        CREATE TABLE cscart_users (
            user_id INTEGER PRIMARY KEY,
            user_type TEXT NOT NULL DEFAULT 'C',
            status TEXT NOT NULL DEFAULT 'A',
            firstname TEXT NOT NULL DEFAULT '',
            lastname TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
            phone TEXT NOT NULL DEFAULT '',
            storefront_id INTEGER NOT NULL DEFAULT 0,
            timestamp INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX cscart_users_email ON cscart_users (email);

        CREATE TABLE cscart_statuses (
            status_id INTEGER PRIMARY KEY,
            status TEXT NOT NULL DEFAULT '',
            type TEXT NOT NULL DEFAULT 'O',
            is_default TEXT NOT NULL DEFAULT 'N',
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (status, type)
        );

        CREATE TABLE cscart_status_descriptions (
            status_id INTEGER NOT NULL DEFAULT 0,
            description TEXT NOT NULL DEFAULT '',
            email_subj TEXT NOT NULL DEFAULT '',
            email_header TEXT NOT NULL DEFAULT '',
            lang_code TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
            PRIMARY KEY (status_id, lang_code)
        );

        CREATE TABLE cscart_orders (
            order_id INTEGER PRIMARY KEY,
            is_parent_order TEXT NOT NULL DEFAULT 'N',
            parent_order_id INTEGER NOT NULL DEFAULT 0,
            company_id INTEGER NOT NULL DEFAULT 0,
            user_id INTEGER NOT NULL DEFAULT 0,
            total REAL NOT NULL DEFAULT 0,
            subtotal REAL NOT NULL DEFAULT 0,
            discount REAL NOT NULL DEFAULT 0,
            shipping_cost REAL NOT NULL DEFAULT 0,
            timestamp INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'O',
            notes TEXT NULL,
            firstname TEXT NOT NULL DEFAULT '',
            lastname TEXT NOT NULL DEFAULT '',
            company TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
            phone TEXT NOT NULL DEFAULT '',
            b_firstname TEXT NOT NULL DEFAULT '',
            b_lastname TEXT NOT NULL DEFAULT '',
            b_address TEXT NOT NULL DEFAULT '',
            b_city TEXT NOT NULL DEFAULT '',
            b_state TEXT NOT NULL DEFAULT '',
            b_country TEXT NOT NULL DEFAULT '',
            b_zipcode TEXT NOT NULL DEFAULT '',
            b_phone TEXT NOT NULL DEFAULT '',
            s_firstname TEXT NOT NULL DEFAULT '',
            s_lastname TEXT NOT NULL DEFAULT '',
            s_address TEXT NOT NULL DEFAULT '',
            s_city TEXT NOT NULL DEFAULT '',
            s_state TEXT NOT NULL DEFAULT '',
            s_country TEXT NOT NULL DEFAULT '',
            s_zipcode TEXT NOT NULL DEFAULT '',
            s_phone TEXT NOT NULL DEFAULT '',
            s_address_type TEXT NOT NULL DEFAULT '',
            payment_id INTEGER NOT NULL DEFAULT 0,
            lang_code TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
            storefront_id INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX cscart_orders_user_id ON cscart_orders (user_id);
        CREATE INDEX cscart_orders_status ON cscart_orders (status);
        CREATE INDEX cscart_orders_timestamp ON cscart_orders (timestamp);
        CREATE INDEX cscart_orders_email ON cscart_orders (email);
        """

    /// CS-Cart's order status letters with their English and Russian names.
    static let orderStatuses: [(letter: String, english: String, russian: String)] = [
        ("O", "Open", "Открыт"),
        ("P", "Processed", "Обработан"),
        ("C", "Complete", "Выполнен"),
        ("F", "Failed", "Неудачный"),
        ("D", "Declined", "Отклонён"),
        ("B", "Backordered", "Отложен"),
        ("I", "Canceled", "Аннулирован"),
        ("N", "Incomplete", "Не завершён"),
        ("Y", "Awaiting call", "Ожидает звонка"),
    ]

    /// Languages, order statuses and the default storefront: what a fresh CS-Cart has.
    static func insertReferenceData(_ database: Database) throws {
        try database.execute(
            """
            INSERT INTO cscart_languages (lang_id, lang_code, name, status, country_code) VALUES
                (1, 'en', 'English', 'A', 'US'),
                (2, 'ru', 'Русский', 'A', 'RU');
            INSERT INTO cscart_storefronts (storefront_id, url, name, status, is_default) VALUES
                (1, 'shop.example.com', 'Simtech', 'Y', 'Y');
            """)
        let status = try database.prepare(
            "INSERT INTO cscart_statuses (status_id, status, type, is_default, position) VALUES (?, ?, 'O', 'Y', ?)")
        let description = try database.prepare(
            "INSERT INTO cscart_status_descriptions (status_id, description, lang_code) VALUES (?, ?, ?)")
        for (offset, entry) in orderStatuses.enumerated() {
            let id = DatabaseValue(offset + 1)
            try status.run([id, .text(entry.letter), DatabaseValue(offset * 10)])
            try description.run([id, .text(entry.english), "en"])
            try description.run([id, .text(entry.russian), "ru"])
        }
    }
}
