public import Basics

extension Value {
    /// A value from JSON as PHP's `json_decode($text, true)` gives it: objects become arrays,
    /// an object with keys "0", "1", … is a list.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .float(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(items.map(Value.init(json:)))
        case .object(let fields):
            let map = OrderedMap(fields.map { ($0.0, Value(json: $0.1)) })
            if map.keys.enumerated().allSatisfy({ String($0.offset) == $0.element }) && !map.isEmpty {
                self = .list(map.map(\.value))
            } else {
                self = .map(map)
            }
        }
    }
}
