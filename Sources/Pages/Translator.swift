import Lifecycle
import SQLite
import Synchronization

/// `__()` of a page: the store's language table over the host's own texts, remembering misses
/// for the page's report.
final class Translator: Sendable {
    let table: LanguageTable
    private let misses = Mutex<[String]>([])

    init(language: String, tablePrefix: String, database: Database) throws {
        table = try LanguageTable(
            language: language, database: database, tablePrefix: tablePrefix, defaults: CoreTexts.texts(language))
    }

    func text(_ name: String) -> String? { table.text(name) }

    func reportMissing(_ name: String) {
        misses.withLock { if !$0.contains(name) { $0.append(name) } }
    }

    /// What `AddonContext.translate` gives native code, with a miss reported.
    func translate(_ name: String, _ placeholders: [String: String]) -> String {
        if table.text(name) == nil { reportMissing(name) }
        return table.translate(name, placeholders)
    }

    var missing: [String] { misses.withLock { $0 } }
}

/// The texts of the host's own admin templates (CS-Cart keeps these core language variables in
/// the same table; a store's own value of the same name wins).
enum CoreTexts {
    static func texts(_ language: String) -> [String: String] {
        let column = language.lowercased() == "ru" ? 1 : language.lowercased() == "en" ? 0 : nil
        guard let column else { return [:] }
        return Dictionary(uniqueKeysWithValues: table.map { ($0.name, column == 0 ? $0.en : $0.ru) })
    }

    static let table: [(name: String, en: String, ru: String)] = [
        ("order", "Order", "Заказ"),
        ("general", "General", "Общее"),
        ("addons", "Add-ons", "Модули"),
        ("product", "Product", "Товар"),
        ("price", "Price", "Цена"),
        ("quantity", "Quantity", "Количество"),
        ("subtotal", "Subtotal", "Подытог"),
        ("no_items", "No product lines are stored for this order", "Для этого заказа не сохранены товарные позиции"),
        ("including_discount", "Including discount", "Включая скидку"),
        ("shipping_cost", "Shipping cost", "Стоимость доставки"),
        ("total", "Total", "Итого"),
        ("customer_notes", "Customer notes", "Комментарий покупателя"),
        ("status", "Status", "Статус"),
        ("payment_information", "Payment information", "Информация об оплате"),
        ("payment_method", "Method", "Способ"),
        ("shipping_information", "Shipping information", "Информация о доставке"),
        ("storefront", "Storefront", "Витрина"),
        ("customer_information", "Customer information", "Информация о покупателе"),
        ("registered_customer", "Registered customer", "Зарегистрированный покупатель"),
        ("guest", "Guest", "Гость"),
        ("phone", "Phone", "Телефон"),
        ("billing_address", "Billing address", "Адрес плательщика"),
        ("shipping_address", "Shipping address", "Адрес доставки"),
        ("address_type", "Address type", "Тип адреса"),
        ("active", "Active", "Включён"),
        ("disabled", "Disabled", "Выключен"),
        ("priority", "priority", "приоритет"),
        ("settings", "Settings", "Настройки"),
        ("no_data", "No data", "Нет данных"),
        ("no_settings", "This add-on has no settings", "У этого модуля нет настроек"),
        ("secret_is_set", "set (not shown)", "задан (не показывается)"),
        ("secret_is_not_set", "not set", "не задан"),
    ]
}
