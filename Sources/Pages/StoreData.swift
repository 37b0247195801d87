import AddonSDK
import Foundation
import SQLite
import Templates

/// Reading the store's rows as template values.
extension Value {
    init(_ value: DatabaseValue) {
        switch value {
        case .null: self = .null
        case .integer(let number): self = .int(Int(number))
        case .real(let number): self = .float(number)
        case .text(let text): self = .string(text)
        case .blob(let bytes): self = .string(String(decoding: bytes, as: UTF8.self))
        }
    }

    init(_ row: Row) {
        self = .map(OrderedMap(zip(row.columns, row.values).map { ($0, Value($1)) }))
    }
}

/// One installed add-on's row and setting values as a storefront sees them.
struct InstalledSettings {
    var id: String
    var status: String
    var priority: Int
    var values: SettingValues

    var isActive: Bool { status == "A" }

    /// Every installed add-on in load order, values with the storefront's overrides applied.
    // TODO(settings): replace with SettingsService.values / addonsVariable when it lands on main.
    static func load(storefront: Int?, tablePrefix p: String, database: Database) throws -> [InstalledSettings] {
        var result: [InstalledSettings] = []
        var byID: [String: Int] = [:]
        var values: [[String: String]] = []
        var secrets: [Set<String>] = []
        for row in try database.rows(
            """
            SELECT a.addon, a.status, a.priority, o.name, o.type, COALESCE(v.value, o.value) AS value
            FROM \(p)addons a
            LEFT JOIN \(p)settings_sections s ON s.name = a.addon AND s.type = 'ADDON' AND s.parent_id = 0
            LEFT JOIN \(p)settings_objects o ON o.section_id = s.section_id AND o.type <> 'H'
            LEFT JOIN \(p)settings_vendor_values v ON v.object_id = o.object_id AND v.company_id = 0 AND v.storefront_id = ?
            ORDER BY a.priority, a.addon, o.position, o.object_id
            """, [storefront.map(DatabaseValue.init) ?? .null])
        {
            let id = row["addon"].text ?? ""
            if byID[id] == nil {
                byID[id] = result.count
                result.append(
                    InstalledSettings(
                        id: id, status: row["status"].text ?? "D", priority: Int(row["priority"].integer ?? 0),
                        values: SettingValues(values: [:])))
                values.append([:])
                secrets.append([])
            }
            guard let index = byID[id], let name = row["name"].text else { continue }
            values[index][name] = row["value"].text ?? ""
            if row["type"].text == "P" { secrets[index].insert(name) }
        }
        for index in result.indices {
            result[index].values = SettingValues(values: values[index], secretNames: secrets[index])
        }
        return result
    }

    /// `$addons`: each add-on's values plus `status` and `priority`.
    static func addonsVariable(_ addons: [InstalledSettings]) -> Value {
        .map(
            OrderedMap(
                addons.map { addon in
                    var map = OrderedMap(addon.values.values.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) })
                    map["status"] = .string(addon.status)
                    map["priority"] = .int(addon.priority)
                    return (addon.id, Value.map(map))
                }))
    }
}
