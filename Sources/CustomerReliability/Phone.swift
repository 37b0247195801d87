/// Phone numbers as people type them ("+7 (912) 345-67-89", "8 912 345 67 89").
enum Phone {
    /// The normalized phone of the store's contract: spaces, dashes, parentheses and plus signs
    /// removed. It must stay the same expression as the add-on's index on `?:orders` so that
    /// guest statistics use the index.
    static func normalized(_ phone: String) -> String {
        phone.filter { !" -()+".contains($0) }
    }

    /// The same normalization in SQL, over a column, exactly as in the index of `addon.xml`.
    static func normalizedSQL(_ column: String) -> String {
        "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(\(column),' ',''),'-',''),'(',''),')',''),'+','')"
    }

    /// An order's phone in SQL, as `OrderCustomer` takes it: the first of the phone, the billing
    /// phone and the shipping phone that is not blank (SQL's `TRIM` takes spaces only).
    static let orderPhoneSQL = "COALESCE(NULLIF(TRIM(phone),''),NULLIF(TRIM(b_phone),''),TRIM(s_phone))"

    /// The normalized order phone: the expression of the add-on's index on `?:orders`.
    static var indexedSQL: String { normalizedSQL(orderPhoneSQL) }

    /// The number the service is asked about and saved checks are keyed by: digits only, with a
    /// Russian trunk prefix `8` or a missing country code turned into `7`, so that "89123456789"
    /// and "+7 912 345-67-89" are one customer and are never paid for twice. Empty when the
    /// text holds no digits.
    static func canonical(_ phone: String) -> String {
        let digits = phone.filter(\.isASCII).filter(\.isNumber)
        if digits.count == 11, digits.hasPrefix("8") { return "7" + digits.dropFirst() }
        if digits.count == 10, digits.hasPrefix("9") { return "7" + digits }
        return digits
    }
}
