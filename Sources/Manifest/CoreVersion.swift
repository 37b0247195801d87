/// A CS-Cart version such as `4.13.3` or `4.13.3.SP2`, compared as PHP's `version_compare` compares
/// the release part, with the service pack as a numeric tiebreaker.
public struct CoreVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The numeric release components (`[4, 13, 3]`).
    public let release: [Int]
    /// The service pack number (`SP2` ⇒ 2), if any.
    public let servicePack: Int?
    /// The text as written.
    public let text: String

    /// Parses `4.13.3`, `4.13.3.SP2` or `4.13.3 SP2`; nil when a component is not a number.
    public init?(_ text: String) {
        let parts = text.split(whereSeparator: { $0 == "." || $0 == " " || $0 == "-" || $0 == "_" })
        var release: [Int] = []
        var servicePack: Int?
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, index > 0, part.uppercased().hasPrefix("SP"),
                let number = Int(part.dropFirst(2))
            {
                servicePack = number
            } else if let number = Int(part), number >= 0 {
                release.append(number)
            } else {
                return nil
            }
        }
        guard !release.isEmpty else { return nil }
        self.release = release
        self.servicePack = servicePack
        self.text = text
    }

    public var description: String { text }

    /// PHP `version_compare` on numeric parts: a longer version with extra parts is the greater.
    static func compareReleases(_ lhs: [Int], _ rhs: [Int]) -> Int {
        for (a, b) in zip(lhs, rhs) where a != b { return a < b ? -1 : 1 }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    /// Release first, then the service pack (none counts as 0).
    public static func < (lhs: CoreVersion, rhs: CoreVersion) -> Bool {
        let order = compareReleases(lhs.release, rhs.release)
        if order != 0 { return order < 0 }
        return (lhs.servicePack ?? 0) < (rhs.servicePack ?? 0)
    }

    public static func == (lhs: CoreVersion, rhs: CoreVersion) -> Bool {
        lhs.release == rhs.release && (lhs.servicePack ?? 0) == (rhs.servicePack ?? 0)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(release)
        hasher.combine(servicePack ?? 0)
    }

    /// Compares with a `max` the loose way CS-Cart does for the core: when this version has a
    /// service pack and `max` has none, the service pack is ignored (max 4.13.3 admits 4.13.3.SP2).
    public func comparedLoosely(toMax max: CoreVersion) -> Int {
        let order = CoreVersion.compareReleases(release, max.release)
        if order != 0 || max.servicePack == nil { return order }
        let mine = servicePack ?? 0
        return mine == max.servicePack! ? 0 : (mine < max.servicePack! ? -1 : 1)
    }
}
