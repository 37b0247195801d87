internal import Lifecycle
internal import SQLite
internal import Store

extension LanguageService {
    /// One text `lang sync` changed, kept or skipped.
    public struct TextChange: Sendable, Hashable {
        public enum Kind: String, Sendable {
            /// The store had the shipped text; it now has the file's.
            case updated
            /// The store had no row; the file's text was added.
            case added
            /// An admin changed the text in the store: it is kept (the file's text is reported).
            case kept
            /// The files no longer ship the variable and nobody changed it: removed.
            case removed
            /// The files no longer ship it, but an admin changed it: kept.
            case keptRemoved = "kept-removed"
            /// The files name a setting the installed copy does not have (needs a reinstall).
            case skipped
        }
        public var kind: Kind
        public var language: String
        public var context: String
        /// The store's text before the sync.
        public var before: String?
        /// The files' text.
        public var shipped: String?
    }

    /// What `lang sync` did (or would do with `dryRun`).
    public struct SyncReport: Sendable {
        public var addonID: String
        public var dryRun: Bool
        public var changes: [TextChange]
        /// Problems of the .po files that CS-Cart reads past.
        public var warnings: [String]
    }

    /// Re-imports an installed add-on's `.po` files (and addon.xml texts) from the store's
    /// `var/langs/*/addons/<id>.po` without reinstalling.
    ///
    /// Rule for admins' edits: `addonhost_shipped_texts` holds what the files gave each language
    /// at the last install or sync. A store text equal to that record is the shipped one and is
    /// replaced; a different one was edited by an admin and is kept. When there is no record (an
    /// add-on installed before the table existed) the only text known to be shipped is the
    /// English original in `original_values`; anything else is kept.
    ///
    /// Fault points (`TestHooks`, debug builds): `lang-read`, `lang-write:<table>` after a text
    /// written to `language_values`, `addon_descriptions` or `settings_descriptions`,
    /// `lang-remove`, `lang-originals`, `lang-shipped`, `lang-commit`.
    public func sync(_ id: String, dryRun: Bool = false) throws -> SyncReport {
        try manager.withWriterLock("lang sync \(id)") {
            let store = manager.store
            let installed = try manager.installedTexts(id)
            let texts = try StoreTexts(store: store, addonID: installed.plan.addonID)
            let recorded = try ShippedTexts.read(installed.plan.addonID, store: store)
            let originals = try texts.originals()
            let shipped = installed.plan.shippedTexts
            let hooks = manager.hooks
            try hooks.checkpoint("lang-read")
            var changes: [TextChange] = []
            var writes: [(StoreTexts.Place, String, String)] = []
            var removals: [(String, String)] = []

            for text in shipped {
                guard let place = texts.place(text.context) else {
                    changes.append(
                        TextChange(
                            kind: .skipped, language: text.language, context: text.context, before: nil,
                            shipped: text.value))
                    continue
                }
                let current = try texts.value(place, language: text.language)
                guard let current else {
                    changes.append(
                        TextChange(
                            kind: .added, language: text.language, context: text.context, before: nil,
                            shipped: text.value))
                    writes.append((place, text.language, text.value))
                    continue
                }
                if current == text.value { continue }
                let baseline = recorded[text.language]?[text.context] ?? originals[text.context]
                if current == baseline {
                    changes.append(
                        TextChange(
                            kind: .updated, language: text.language, context: text.context, before: current,
                            shipped: text.value))
                    writes.append((place, text.language, text.value))
                } else {
                    changes.append(
                        TextChange(
                            kind: .kept, language: text.language, context: text.context, before: current,
                            shipped: text.value))
                }
            }

            let now = Set(shipped.map { "\($0.language)\u{0}\($0.context)" })
            var keptNames: Set<String> = []
            for (language, contexts) in recorded.sorted(by: { $0.key < $1.key }) {
                for (context, value) in contexts.sorted(by: { $0.key < $1.key })
                where !now.contains("\(language)\u{0}\(context)") {
                    guard case .languageValue(let name)? = texts.place(context),
                        let current = try texts.value(.languageValue(name: name), language: language)
                    else { continue }
                    if current == value {
                        changes.append(
                            TextChange(
                                kind: .removed, language: language, context: context, before: current, shipped: nil))
                        removals.append((name, language))
                    } else {
                        changes.append(
                            TextChange(
                                kind: .keptRemoved, language: language, context: context, before: current, shipped: nil)
                        )
                        keptNames.insert(name)
                    }
                }
            }

            if !dryRun {
                try store.database.transaction(.immediate) {
                    for (place, language, value) in writes {
                        try texts.write(place, language: language, value: value)
                        try hooks.checkpoint("lang-write:\(place.table)")
                    }
                    for (name, language) in removals { try texts.removeLanguageValue(name, language: language) }
                    try hooks.checkpoint("lang-remove")
                    let shippedNames = Set(installed.plan.languageValues.map(\.name))
                    for name in Set(removals.map(\.0)) where !shippedNames.contains(name) && !keptNames.contains(name) {
                        try texts.removeOriginal("Languages::\(name)")
                    }
                    for original in installed.plan.originalValues {
                        try texts.writeOriginal(original.context, original.text)
                    }
                    try hooks.checkpoint("lang-originals")
                    try ShippedTexts.replace(installed.plan.addonID, with: shipped, store: store)
                    try hooks.checkpoint("lang-shipped")
                    // The last moment before COMMIT, whatever steps come before it.
                    try hooks.checkpoint("lang-commit")
                }
            }
            return SyncReport(
                addonID: installed.plan.addonID, dryRun: dryRun, changes: changes, warnings: installed.warnings)
        }
    }
}
