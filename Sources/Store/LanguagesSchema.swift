/// The host table of `lang sync` (migration `languages-shipped-texts`).
enum LanguagesSchema {
    static let shippedTexts = """
        -- The text each language got from the add-on's own files (addon.xml and .po) at the last
        -- install or `lang sync`, per CS-Cart context (`Languages::<name>`, `SettingsOptions::<id>::<x>`,
        -- `Addons::name::<id>`, …). A store value that differs from it was changed by an admin, so
        -- a re-import keeps it; original_values cannot tell that, as it holds only the English msgid.
        CREATE TABLE addonhost_shipped_texts (
            addon TEXT NOT NULL,
            lang_code TEXT NOT NULL,
            context TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (addon, lang_code, context)
        );
        """
}
