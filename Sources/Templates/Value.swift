/// A template value: a closed enum, not `Any` (unlike swift-mustache's `Mirror` lookup). PHP's
/// comparison and truthiness rules live in the renderer's extensions of this type.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list([Value])
    /// A PHP associative array: keys in insertion order.
    case map(OrderedMap)
}

/// String-keyed values in insertion order, as a PHP array keeps them. Small maps (the usual
/// template record) are searched linearly, which beats hashing the key; larger ones keep an index.
public struct OrderedMap: Sendable, Hashable, Sequence {
    /// Keys, values and index behind one reference: copying a map, as every read of a template
    /// variable does, is one retain instead of three.
    private var storage = Storage()

    public init() {}

    public init(_ pairs: [(String, Value)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public var keys: [String] { storage.keys }

    func position(of key: String) -> Int? { storage.position(of: MapKey(key)) }
    func position(of key: MapKey) -> Int? { storage.position(of: key) }

    public subscript(key: String) -> Value? {
        get { position(of: key).map { storage.values[$0] } }
        set {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            storage.set(key, to: newValue)
        }
    }

    /// Lets `body` change the value at `key` in place (null when there was none): assigning below
    /// a key through `map[key]` would copy the value's own storage on every assignment.
    mutating func modifyValue<R>(at key: String, _ body: (inout Value) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return try storage.modifyValue(at: key, body)
    }

    /// PHP's key for `$map[] = v`: one more than the largest integer key so far, 0 without one,
    /// not lowered when keys go; nil once Int.max is taken (PHP fails: "next element is already
    /// occupied").
    mutating func nextFreeKey() -> Int? {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage.nextFreeKey()
    }

    /// Lends the value at a position to `body`, in place.
    func withValue<R>(at position: Int, _ body: (Value) throws -> R) rethrows -> R {
        try storage.values.withUnsafeBufferPointer { try body($0[position]) }
    }

    /// Where the value at a position lies; see `Value.address(at:below:)`.
    func address(at position: Int) -> UnsafePointer<Value> {
        storage.values.withUnsafeBufferPointer { $0.baseAddress! + position }
    }

    public var count: Int { storage.keys.count }
    public var isEmpty: Bool { storage.keys.isEmpty }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: Value)> {
        zip(storage.keys, storage.values).lazy.map { (key: $0, value: $1) }.makeIterator()
    }

    public static func == (lhs: OrderedMap, rhs: OrderedMap) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.storage.keys == rhs.storage.keys && lhs.storage.values == rhs.storage.values)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.keys)
        hasher.combine(storage.values)
    }

    /// Changed only through a map holding the only reference to it (copy on write), so sharing
    /// it between threads is safe, and the runtime's exclusivity checks are pure cost.
    private final class Storage: @unchecked Sendable {
        @exclusivity(unchecked) private(set) var keys: [String] = []
        @exclusivity(unchecked) private(set) var values: [Value] = []
        /// `MapKey.fingerprint` of each key.
        @exclusivity(unchecked) private var fingerprints: [Int] = []
        @exclusivity(unchecked) private var index: [String: Int]?
        /// PHP's nNextFreeElement, worked out on first use and then kept up by `set`: one scan,
        /// not one per `$map[] = v`. Int.min while there is no integer key.
        @exclusivity(unchecked) private var nextFree: Int?
        private static let indexThreshold = 12

        init() {}

        func copy() -> Storage {
            let copy = Storage()
            copy.keys = keys
            copy.values = values
            copy.fingerprints = fingerprints
            copy.index = index
            copy.nextFree = nextFree
            return copy
        }

        func modifyValue<R>(at name: String, _ body: (inout Value) throws -> R) rethrows -> R {
            if position(of: MapKey(name)) == nil { set(name, to: .null) }
            return try body(&values[position(of: MapKey(name))!])
        }

        func nextFreeKey() -> Int? {
            if nextFree == nil {
                nextFree = .min
                for key in keys { noteKey(key) }
            }
            let key = nextFree == .min ? 0 : nextFree!
            return position(of: MapKey(String(key))) == nil ? key : nil
        }

        private func noteKey(_ name: String) {
            guard let free = nextFree, let i = Int(name), i >= free, String(i) == name else { return }
            nextFree = i < .max ? i + 1 : .max
        }

        func position(of key: MapKey) -> Int? {
            if index != nil { return indexedPosition(of: key.name) }
            for i in fingerprints.indices where fingerprints[i] == key.fingerprint && keys[i] == key.name { return i }
            return nil
        }

        /// Declared to write nothing, which the optimizer cannot see through a dictionary lookup:
        /// the address walk then reads each map where it lies instead of retaining and releasing
        /// it at every step (1,400 of 23,300 instructions a render of the order page's hook).
        @_effects(readonly) @inline(never)
        private func indexedPosition(of name: String) -> Int? { index?[name] }

        func set(_ name: String, to newValue: Value?) {
            let key = MapKey(name)
            if let newValue {
                if let i = position(of: key) {
                    values[i] = newValue
                } else {
                    keys.append(name)
                    values.append(newValue)
                    fingerprints.append(key.fingerprint)
                    noteKey(name)
                    if index != nil {
                        index![name] = keys.count - 1
                    } else if keys.count > Self.indexThreshold {
                        index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
                    }
                }
            } else if let i = position(of: key) {
                keys.remove(at: i)
                values.remove(at: i)
                fingerprints.remove(at: i)
                if index != nil { index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) }) }
            }
        }
    }
}

extension Value {
    /// Lends the element named `key` (null when there is none) to `body`, in place.
    @inline(__always)
    func withChild<R>(named key: MapKey, _ body: (Value) throws -> R) rethrows -> R {
        switch self {
        case .map(let map):
            if let position = map.position(of: key) { return try map.withValue(at: position, body) }
        case .list(let list):
            if let i = Int(key.name), list.indices.contains(i) {
                return try list.withUnsafeBufferPointer { try body($0[i]) }
            }
        default:
            break
        }
        return try body(.null)
    }

    /// Where the value at `keys` below the one at `base` lies, or nil when there is none: a walk
    /// from address to address, which copies no map or list on the way (lending each to a
    /// closure copies it). Valid while the value at `base` is neither changed nor freed, since
    /// maps and lists keep their elements in storage they own.
    static func address(at keys: [MapKey], below base: UnsafePointer<Value>) -> UnsafePointer<Value>? {
        var current = base
        for key in keys {
            switch current.pointee {
            case .map(let map):
                guard let position = map.position(of: key) else { return nil }
                current = map.address(at: position)
            case .list(let list):
                guard let i = Int(key.name), list.indices.contains(i) else { return nil }
                current = list.withUnsafeBufferPointer { $0.baseAddress! + i }
            default:
                return nil
            }
        }
        return current
    }
}

/// A map key with what a lookup compares first: its length and first and last bytes tell the
/// keys of a record apart without comparing strings. Template paths make theirs once, compiled.
struct MapKey: Sendable {
    let name: String
    let fingerprint: Int

    init(_ name: String) {
        self.name = name
        let utf8 = name.utf8
        fingerprint = utf8.count << 16 | Int(utf8.first ?? 0) << 8 | Int(utf8.last ?? 0)
    }
}

extension String {
    /// `==` that compares lengths first: a length is a field, comparing unequal strings is a call.
    @inline(__always)
    func isSame(as other: String) -> Bool { utf8.count == other.utf8.count && self == other }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) { self = .map(OrderedMap(elements)) }
}
