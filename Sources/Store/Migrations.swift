extension DatabaseMigrator {
    /// THE list of addonhost's schema migrations, oldest first; the store owns all schema.
    ///
    /// Another module that needs tables adds a `Migration` at the END of this list (its own
    /// SQL, named `<module>-<what>`). Never edit, rename, reorder or remove a migration that
    /// has been merged: stores in use have applied it, recorded its name in
    /// `addonhost_migrations`, and are checked against this list on every open.
    public static let addonhost = DatabaseMigrator([
        Migration("cscart-settings-languages-addons", sql: CoreSchema.settingsTables),
        Migration("cscart-storefronts-users-orders", sql: CoreSchema.orderTables),
        Migration("cscart-reference-data", migrate: CoreSchema.insertReferenceData),
        Migration("lifecycle-host-tables", sql: LifecycleSchema.hostTables),
        Migration("lifecycle-sqlite-sequence", sql: LifecycleSchema.sequenceTable),
        Migration("lifecycle-addon-tables", sql: LifecycleSchema.addonTables),
        Migration("languages-shipped-texts", sql: LanguagesSchema.shippedTexts),
    ])
}
