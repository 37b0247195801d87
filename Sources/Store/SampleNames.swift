/// The vocabulary of the sample data: names (with the Latin spelling used in e-mail addresses),
/// places, e-mail domains.
enum SampleNames {
    struct Person {
        var firstname: String
        var lastname: String
        var latinFirst: String
        var latinLast: String
        var isRussian: Bool
    }

    static let russianMale: [(String, String)] = [
        ("Александр", "aleksandr"), ("Дмитрий", "dmitry"), ("Сергей", "sergey"), ("Андрей", "andrey"),
        ("Алексей", "alexey"), ("Иван", "ivan"), ("Михаил", "mikhail"), ("Николай", "nikolay"),
        ("Владимир", "vladimir"), ("Павел", "pavel"), ("Артём", "artem"), ("Евгений", "evgeny"),
    ]
    static let russianFemale: [(String, String)] = [
        ("Елена", "elena"), ("Ольга", "olga"), ("Наталья", "natalya"), ("Анна", "anna"), ("Мария", "maria"),
        ("Татьяна", "tatyana"), ("Ирина", "irina"), ("Екатерина", "ekaterina"), ("Светлана", "svetlana"),
        ("Юлия", "yulia"), ("Дарья", "darya"),
    ]
    /// Surnames agree with gender in Russian: (masculine, feminine, Latin).
    static let russianSurnames: [(String, String, String)] = [
        ("Иванов", "Иванова", "ivanov"), ("Смирнов", "Смирнова", "smirnov"), ("Кузнецов", "Кузнецова", "kuznetsov"),
        ("Попов", "Попова", "popov"), ("Васильев", "Васильева", "vasiliev"), ("Петров", "Петрова", "petrov"),
        ("Соколов", "Соколова", "sokolov"), ("Михайлов", "Михайлова", "mikhailov"), ("Новиков", "Новикова", "novikov"),
        ("Фёдоров", "Фёдорова", "fedorov"), ("Морозов", "Морозова", "morozov"), ("Волков", "Волкова", "volkov"),
        ("Лебедев", "Лебедева", "lebedev"), ("Козлов", "Козлова", "kozlov"),
    ]
    static let englishFirst = [
        "James", "John", "Robert", "Michael", "William", "David", "Mary", "Patricia", "Jennifer", "Linda",
        "Elizabeth", "Emma", "Oliver", "Sophie",
    ]
    static let englishLast = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Clark", "Walker",
        "Hughes",
    ]

    static func person(_ random: inout SplitMix64) -> Person {
        if random.percent(70) {
            let surname = random.pick(russianSurnames)
            if random.percent(50) {
                let first = random.pick(russianMale)
                return Person(
                    firstname: first.0, lastname: surname.0, latinFirst: first.1, latinLast: surname.2, isRussian: true)
            }
            let first = random.pick(russianFemale)
            return Person(
                firstname: first.0, lastname: surname.1, latinFirst: first.1, latinLast: surname.2 + "a",
                isRussian: true)
        }
        let first = random.pick(englishFirst)
        let last = random.pick(englishLast)
        return Person(
            firstname: first, lastname: last, latinFirst: first.lowercased(), latinLast: last.lowercased(),
            isRussian: false)
    }

    static let russianDomains = ["mail.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru", "list.ru"]
    static let englishDomains = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.co.uk", "icloud.com"]

    /// An address such as people type it; `unique` keeps registered customers' addresses apart.
    static func email(_ person: Person, unique: Int, _ random: inout SplitMix64) -> String {
        let domain = random.pick(person.isRussian ? russianDomains : englishDomains)
        let local: String
        switch random.below(4) {
        case 0: local = "\(person.latinFirst).\(person.latinLast)\(unique)"
        case 1: local = "\(person.latinLast).\(person.latinFirst.prefix(1))\(unique)"
        case 2: local = "\(person.latinFirst)\(unique)"
        default: local = "\(person.latinFirst.prefix(1))\(person.latinLast)_\(unique)"
        }
        return "\(local)@\(domain)"
    }

    /// Ten digits of a Russian mobile number, without the country code.
    static func mobile(_ random: inout SplitMix64) -> String {
        "9" + String(random.below(1_000_000_000) + 1_000_000_000).dropFirst()
    }

    /// The same number written the ways people type it (CONTRACTS "The store").
    static func formatted(_ digits: String, _ random: inout SplitMix64) -> String {
        let d = Array(digits)
        let code = String(d[0..<3])
        let a = String(d[3..<6])
        let b = String(d[6..<8])
        let c = String(d[8..<10])
        switch random.below(4) {
        case 0: return "+7 (\(code)) \(a)-\(b)-\(c)"
        case 1: return "8\(digits)"
        case 2: return "+7\(digits)"
        default: return "\(code) \(a) \(b) \(c)"
        }
    }

    struct Place {
        var city: String
        var state: String
        var country: String
        var zipcode: String
    }

    static let russianPlaces = [
        Place(city: "Москва", state: "MOW", country: "RU", zipcode: "101000"),
        Place(city: "Санкт-Петербург", state: "SPE", country: "RU", zipcode: "190000"),
        Place(city: "Новосибирск", state: "NVS", country: "RU", zipcode: "630099"),
        Place(city: "Екатеринбург", state: "SVE", country: "RU", zipcode: "620014"),
        Place(city: "Казань", state: "TA", country: "RU", zipcode: "420111"),
        Place(city: "Нижний Новгород", state: "NIZ", country: "RU", zipcode: "603005"),
    ]
    static let englishPlaces = [
        Place(city: "New York", state: "NY", country: "US", zipcode: "10001"),
        Place(city: "Boston", state: "MA", country: "US", zipcode: "02108"),
        Place(city: "Chicago", state: "IL", country: "US", zipcode: "60601"),
        Place(city: "London", state: "", country: "GB", zipcode: "EC1A 1BB"),
    ]
    static let russianStreets = [
        "ул. Ленина", "пр. Мира", "ул. Гагарина", "ул. Советская", "Невский пр.", "ул. Садовая",
    ]
    static let englishStreets = ["Main St", "Oak Avenue", "Baker Street", "Elm Road", "High Street"]

    static func address(isRussian: Bool, _ random: inout SplitMix64) -> (Place, String) {
        if isRussian {
            let street = random.pick(russianStreets)
            return (random.pick(russianPlaces), "\(street), д. \(random.below(120) + 1), кв. \(random.below(300) + 1)")
        }
        return (random.pick(englishPlaces), "\(random.below(900) + 1) \(random.pick(englishStreets))")
    }

    static let russianNotes = ["Позвоните за час до доставки", "Домофон не работает", "Оставить у консьержа"]
    static let englishNotes = ["Please call before delivery", "Leave at the door", "Gift wrap, please"]
    static let companies = ["ООО «Ромашка»", "ИП Сидоров", "Acme Ltd", "ООО «Вектор»"]
}
